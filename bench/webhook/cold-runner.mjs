// Loads a bundled handler in a fresh process, handles one request, and fails loudly unless it was accepted.
const { handler } = await import(process.argv[2]);
const result = await handler(JSON.parse(process.env.BENCH_EVENT));
if (result.statusCode !== 202) {
  console.error(`expected 202, got ${result.statusCode}: ${result.body}`);
  process.exit(1);
}
