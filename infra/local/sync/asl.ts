/**
 * Loose Amazon States Language types for the local runner's transforms. Loose on purpose: the definition
 * comes from a CDK synth (JSON), and the transforms only touch a few fields; everything else passes through.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface AslState extends JsonObject {
  Type: string;
}

export interface AslMachine extends JsonObject {
  StartAt: string;
  States: { [name: string]: AslState };
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The nested machines of a state: a Map's processor, a Parallel's branches. */
export const childMachines = (state: AslState): AslMachine[] => {
  const children: AslMachine[] = [];
  for (const key of ['ItemProcessor', 'Iterator'] as const) {
    const child = state[key];
    if (isObject(child)) children.push(child as AslMachine);
  }
  const branches = state.Branches;
  if (Array.isArray(branches)) for (const branch of branches) children.push(branch as AslMachine);
  return children;
};

/** Every state of a machine and of the machines nested in it, with its name. */
export function* allStates(machine: AslMachine): Generator<[string, AslState]> {
  for (const [name, state] of Object.entries(machine.States)) {
    yield [name, state];
    for (const child of childMachines(state)) yield* allStates(child);
  }
}

/** Points every transition in one scope (StartAt, Next, Default, Choices, Catch) from `from` to `to`. */
export const retarget = (machine: AslMachine, from: string, to: string, except: string): void => {
  if (machine.StartAt === from) machine.StartAt = to;
  for (const [name, state] of Object.entries(machine.States)) {
    if (name === except) continue;
    if (state.Next === from) state.Next = to;
    if (state.Default === from) state.Default = to;
    for (const list of [state.Choices, state.Catch]) {
      if (!Array.isArray(list)) continue;
      for (const rule of list) if (isObject(rule) && rule.Next === from) rule.Next = to;
    }
  }
};

export const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
