// The delivery worker's own modules, loaded as in the deployed bundle; the transform runs in the worker.
import '../../functions/delivery-worker/dependencies.ts';
import '../../functions/delivery-worker/telemetry.ts';
import { probeSize, probeTransform } from './probe-lib.ts';

console.log(JSON.stringify(await probeTransform(probeSize())));
