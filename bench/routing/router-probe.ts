// The router's own modules (adapters, SDK clients, Powertools), loaded as in the deployed bundle: how fast
// code runs depends on the heap around it, so the matching is measured in the router's.
import '../../functions/event-router/dependencies.ts';
import '../../functions/event-router/telemetry.ts';
import { probeMatch, probeSize } from './probe-lib.ts';

console.log(JSON.stringify(await probeMatch(probeSize())));
