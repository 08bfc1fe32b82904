/**
 * Keys a script may never send, at any depth of its arguments or queries: host code that merged
 * such a key into an object would reach a prototype. Compared directly, since every host call
 * checks every key it is sent.
 */
export const isForbiddenKey = (key: string): boolean =>
  key === '__proto__' || key === 'constructor' || key === 'prototype';
