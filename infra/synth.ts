import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { App } from 'aws-cdk-lib';
import { STAGE_NAMES, type StageName } from './config/stages.ts';
import {
  annotationMessages,
  cdkJsonContext,
  collectAcknowledgements,
  DEFER_VALIDATION_FAILURES,
  isBlocking,
  readValidationFindings,
} from './stages/synth-report.ts';
import { addTsunagiStages, selectStages } from './stages/tsunagi-app.ts';

const USAGE = `Usage: npm run synth -- [--stage <${STAGE_NAMES.join('|')}>] [--out <dir>] [--no-bundling]

Synthesizes the CDK app (one stage, or all of them) with the cdk.json context, bundles the functions,
runs cdk-nag's AWS Solutions checks and prints a summary. Exits 1 when cdk-nag reports any finding
that is not acknowledged (errors and warnings alike) or a construct reports an error; 2 on bad usage.

  --stage <name>   stage to synthesize (default: all stages)
  --out <dir>      cloud assembly directory (default: cdk.out)
  --no-bundling    skip esbuild bundling (templates and nag only; faster)
  -h, --help       print this help`;

const parse = () => {
  try {
    return parseArgs({
      options: {
        stage: { type: 'string' },
        out: { type: 'string', default: 'cdk.out' },
        'no-bundling': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
};

const directorySize = (path: string): number =>
  statSync(path).isDirectory()
    ? readdirSync(path).reduce((sum, name) => sum + directorySize(join(path, name)), 0)
    : statSync(path).size;

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

const main = (): number => {
  const args = parse();
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  let stages: readonly StageName[];
  try {
    stages = selectStages(args.stage);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }

  const outdir = resolve(args.out);
  // A report left by an earlier run must never be mistaken for this one's.
  rmSync(join(outdir, 'validation-report.json'), { force: true });
  const started = performance.now();
  const app = new App({
    outdir,
    context: {
      ...cdkJsonContext(),
      ...DEFER_VALIDATION_FAILURES,
      ...(args['no-bundling'] ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  addTsunagiStages(app, {
    stages,
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  });
  const assembly = app.synth();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  console.log(`Synthesized ${stages.join(', ')} into ${outdir} in ${seconds} s`);
  for (const stack of assembly.stacksRecursively) {
    const resources = Object.keys((stack.template as { Resources?: object }).Resources ?? {}).length;
    console.log(`  ${stack.hierarchicalId} (${stack.stackName}): ${resources} resources`);
  }
  if (!args['no-bundling']) {
    for (const name of readdirSync(outdir).filter((n) => n.startsWith('asset.'))) {
      // A prebuilt asset (CDK's own upload function) is a file, not a folder.
      const path = join(outdir, name);
      const files = statSync(path).isDirectory() ? readdirSync(path).join(', ') : 'file';
      console.log(`  ${name}: ${kib(directorySize(join(outdir, name)))} (${files})`);
    }
  }

  const acknowledgements = collectAcknowledgements(app);
  console.log(`\ncdk-nag: ${acknowledgements.length} acknowledged finding(s)`);
  for (const ack of acknowledgements) console.log(`  ${ack.id} at ${ack.path}\n    ${ack.reason}`);

  const findings = readValidationFindings(assembly.directory);
  const annotations = annotationMessages(assembly);
  for (const a of annotations) console.log(`[${a.level}] ${a.path}: ${a.text}`);
  for (const f of findings) {
    console.log(`[${f.severity}] ${f.rule} (${f.plugin}): ${f.description}`);
    for (const path of f.constructPaths) console.log(`    at ${path}`);
  }
  const blocking = findings.filter(isBlocking).length + annotations.filter((a) => a.level === 'error').length;
  console.log(
    blocking === 0 ? '\nOK: no unacknowledged findings' : `\nFAILED: ${blocking} blocking finding(s)`,
  );
  return blocking === 0 ? 0 : 1;
};

process.exitCode = main();
