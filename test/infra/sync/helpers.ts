import { createRequire } from 'node:module';
import type { Template } from 'aws-cdk-lib/assertions';

export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly [key: string]: unknown;
}

export interface AslMachine {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
  readonly [key: string]: unknown;
}

type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errors: unknown[] };

// asl-validator is CommonJS without type declarations.
export const validateAsl = createRequire(import.meta.url)('asl-validator') as AslValidator;

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'ap-northeast-1',
  'AWS::AccountId': '123456789012',
};

/** A CloudFormation value of the definition as a placeholder string: ARNs stay ARN-shaped for the validator. */
const placeholder = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if ('Ref' in v) return PSEUDO[String(v.Ref)] ?? `${String(v.Ref)}`;
  if ('Fn::GetAtt' in v) {
    const [id] = v['Fn::GetAtt'] as string[];
    return `arn:aws:lambda:ap-northeast-1:123456789012:function:${id}`;
  }
  if ('Fn::ImportValue' in v) return String(v['Fn::ImportValue']).replace(/[^a-zA-Z0-9-]/g, '-');
  throw new Error(`unexpected token in the definition: ${JSON.stringify(value)}`);
};

/** The state machine's `DefinitionString` with its Fn::Join resolved by placeholders, parsed. */
export const definitionOf = (template: Template): AslMachine => {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const definition = machines[0]!.Properties.DefinitionString as string | { 'Fn::Join': [string, unknown[]] };
  if (typeof definition === 'string') return JSON.parse(definition) as AslMachine;
  const [separator, parts] = definition['Fn::Join'];
  return JSON.parse(parts.map(placeholder).join(separator)) as AslMachine;
};

/** The Distributed Map's child workflow. */
export const childOf = (machine: AslMachine): AslMachine =>
  (machine.States.Tenants as unknown as { ItemProcessor: AslMachine }).ItemProcessor;
