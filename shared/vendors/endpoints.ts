import { LINE_WORKS_API_BASE_URL, LINE_WORKS_AUTH_BASE_URL } from './lineworks/works-api.ts';
import { GRAPH_API_BASE_URL, GRAPH_LOGIN_BASE_URL } from './msgraph/graph-api.ts';
import { SLACK_API_BASE_URL } from './slack/web-api.ts';

/** The real services' base URLs, named as the functions' variables that point them elsewhere (a fake). */
export const VENDOR_ENDPOINTS = {
  SLACK_API_BASE_URL,
  GRAPH_API_BASE_URL,
  GRAPH_LOGIN_BASE_URL,
  LINE_WORKS_API_BASE_URL,
  LINE_WORKS_AUTH_BASE_URL,
} as const;
