// The endpoints commands, one file per responsibility; `main.ts` loads them from here.
export {
  ENDPOINTS_DISABLE_USAGE,
  ENDPOINTS_ENABLE_USAGE,
  ENDPOINTS_RECOVER_USAGE,
  endpointsDisable,
  endpointsEnable,
  endpointsRecover,
} from './endpoints-change.ts';
export {
  ENDPOINTS_LIST_USAGE,
  ENDPOINTS_SHOW_USAGE,
  endpointsList,
  endpointsShow,
} from './endpoints-read.ts';
