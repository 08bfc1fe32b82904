// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.ui: Warden has no UI; a message goes to the host's `ui.message` listeners once the run commits.

/**
 * The message as data: functions (Slingr's `callbacks`, which a browser would call back) cannot
 * leave the isolate, so they are left out; everything else must be JSON data.
 */
function sendUiMessage(message) {
  const fn = 'sys.ui.sendMessage';
  if (message === null || typeof message !== 'object' || $isArray(message))
    throw badRequest(`${fn}: message must be an object, got ${describe(message)}`);
  const data = {};
  const keys = $keys(message);
  for (let i = 0; i < keys.length; i++) {
    const v = message[keys[i]];
    if (keys[i] === 'callbacks' || typeof v === 'function') continue;
    data[keys[i]] = v;
  }
  call('ui.sendMessage', [toPlain(data, `${fn}: message`)]);
}

const uiApi = namespace({ __proto__: null, sendMessage: (message) => sendUiMessage(message) });
