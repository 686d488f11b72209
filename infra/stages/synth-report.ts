import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validations } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';

/** The name cdk-nag's AwsSolutionsChecks reports under in CDK's validation report. */
export const NAG_PLUGIN_NAME = 'AwsSolutions';

/** Lets the caller judge the report instead of CDK throwing on the first failing synth. */
export const DEFER_VALIDATION_FAILURES = { '@aws-cdk/core:failSynthOnValidationErrors': false } as const;

export interface ValidationFinding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  readonly constructPaths: readonly string[];
}

export interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

interface ReportJson {
  readonly pluginReports?: ReadonlyArray<{
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations?: ReadonlyArray<{
      readonly ruleName: string;
      readonly severity?: string;
      readonly description?: string;
      readonly violatingConstructs?: ReadonlyArray<{ readonly constructPath?: string }>;
    }>;
  }>;
}

/**
 * The `context` of cdk.json (feature flags), so that programmatic synths (tests, `npm run synth`) build
 * the same templates as the CDK CLI, which passes it to the app itself.
 */
export const cdkJsonContext = (): Record<string, unknown> => {
  const path = fileURLToPath(new URL('../../cdk.json', import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
};

/**
 * Unacknowledged findings of every validation plugin (cdk-nag included), read from the report CDK writes
 * into the cloud assembly. Plugins with nothing to report are left out of that file.
 */
export const readValidationFindings = (assemblyDirectory: string): ValidationFinding[] => {
  const file = join(assemblyDirectory, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as ReportJson;
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).map((violation) => ({
      plugin: plugin.pluginName,
      rule: violation.ruleName,
      severity: violation.severity ?? 'error',
      description: violation.description ?? '',
      constructPaths: (violation.violatingConstructs ?? []).map((c) => c.constructPath ?? '?'),
    })),
  );
};

/** cdk-nag findings (errors and warnings alike) and any other plugin's errors fail a synth. */
export const isBlocking = (finding: ValidationFinding): boolean =>
  finding.plugin === NAG_PLUGIN_NAME || ['error', 'fatal'].includes(finding.severity);

/** Every `Validations.of(c).acknowledge()` under `root`, with the construct it was made on. */
export const collectAcknowledgements = (root: IConstruct): Acknowledgement[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );

/** Error and warning annotations of all stacks, as the CDK CLI would print them. */
export const annotationMessages = (assembly: CloudAssembly) =>
  assembly.stacksRecursively.flatMap((stack) =>
    stack.messages
      .filter((message) => message.level !== 'info')
      .map((message) => ({ level: message.level, path: message.id, text: String(message.entry.data) })),
  );
