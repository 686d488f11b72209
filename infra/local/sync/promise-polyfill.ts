/**
 * `Promise.withResolvers` for Node 20. aws-local-stepfunctions 3 (built for Node 22) calls it in every Task
 * state; on Node 20 the TypeError becomes a task failure that a `Catch` of States.ALL swallows silently, so a
 * whole run "succeeds" with every item FAILED. Import this module before the library is loaded.
 */

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

type WithResolvers = <T>() => Resolvers<T>;

const promiseCtor = Promise as unknown as { withResolvers?: WithResolvers };

if (typeof promiseCtor.withResolvers !== 'function') {
  // Defined like the built-in (non-enumerable, writable), so Node 22's native one is never shadowed.
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor): Resolvers<T> {
      let resolve!: Resolvers<T>['resolve'];
      let reject!: Resolvers<T>['reject'];
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export const promiseWithResolversAvailable = (): boolean => typeof promiseCtor.withResolvers === 'function';
