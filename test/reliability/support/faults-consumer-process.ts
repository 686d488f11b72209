import { type StartConsumersOptions, startConsumers } from '../../../infra/local/consumers.ts';

/**
 * The event router and the delivery worker in a process of their own, as Lambda runs them, so a test can
 * kill them outright (SIGKILL) in the middle of a batch. Options come as JSON in `FAULTS_CONSUMERS`.
 */
const options = JSON.parse(process.env.FAULTS_CONSUMERS ?? '{}') as StartConsumersOptions;
await startConsumers(options);
process.stdout.write('ready\n');
