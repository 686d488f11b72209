import type * as z from 'zod';

/**
 * A function's environment contract: the one list of the variable names it reads, which of them must be set,
 * and how a value is checked. The function's env parser is built from it, the CDK constructs type their
 * `environment` against it, and a test holds every stage's synthesized functions and local mode to it, so a
 * variable renamed on one side only fails CI instead of a deploy.
 */
export interface EnvContract<N extends string = string> {
  /** `POWERTOOLS_SERVICE_NAME` of the function, which is how a template's function is matched to it. */
  readonly service: string;
  readonly names: readonly N[];
  /** Names that must be set (no default). */
  readonly required: readonly N[];
  /** Names the Lambda runtime sets itself; stacks never pass them. */
  readonly fromRuntime: readonly N[];
  /** Why `value` is not acceptable for `name`, or null when it is. */
  problemWith(name: N, value: string): string | null;
}

/** The variables a stack may pass to a function: only names its contract knows (an unknown key fails to compile). */
export type EnvFor<C extends EnvContract> = Partial<Record<C['names'][number], string>>;

/** Variables every function may receive that no contract lists: Powertools', the SDK's and Node's own. */
export const isPlatformVariable = (name: string): boolean => /^(POWERTOOLS_|AWS_|NODE_OPTIONS$)/.test(name);

/** The contract of a function whose env is a zod object schema (`undefined` parsing means "has a default"). */
export const zodEnvContract = <S extends z.ZodObject>(
  service: string,
  schema: S,
  fromRuntime: readonly (keyof S['shape'] & string)[] = ['AWS_REGION'],
): EnvContract<keyof S['shape'] & string> => {
  type Name = keyof S['shape'] & string;
  const shape = schema.shape as Record<Name, z.ZodType>;
  const names = Object.keys(shape) as Name[];
  return {
    service,
    names,
    required: names.filter((name) => !shape[name].safeParse(undefined).success),
    fromRuntime,
    problemWith: (name, value) => {
      const result = shape[name].safeParse(value);
      return result.success ? null : result.error.issues.map((issue) => issue.message).join('; ');
    },
  };
};
