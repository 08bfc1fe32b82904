// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// `app`: the app's libraries by their dotted names (`app.commons.stringUtils.fn()`). Each runs once
// per context, on its first use, filling `exports` (or replacing `module.exports`) as a CommonJS
// module does; a library reached again while it loads (a cycle) gives what it exported so far.

const LIBRARY_NAMES = own(SCHEMA, 'libraries') || [];

/** The object `app`, or null when the app has no libraries. */
function buildApp() {
  if ($libraryFactories.length === 0) return null;
  const root = { __proto__: null };
  const nodes = [root];
  for (let i = 0; i < LIBRARY_NAMES.length && i < $libraryFactories.length; i++) {
    const parts = $split(LIBRARY_NAMES[i], '.');
    let node = root;
    for (let j = 0; j < parts.length - 1; j++) {
      if (!$hasOwn(node, parts[j])) {
        node[parts[j]] = { __proto__: null };
        $push(nodes, node[parts[j]]);
      }
      node = node[parts[j]];
    }
    $defineProperty(node, parts[parts.length - 1], {
      __proto__: null,
      get: $freeze(libraryLoader(LIBRARY_NAMES[i], $libraryFactories[i])),
      enumerable: true,
    });
  }
  for (let i = 0; i < nodes.length; i++) $freeze(nodes[i]);
  return root;
}

function libraryLoader(name, factory) {
  let module = null;
  let loaded = false;
  return () => {
    if (loaded || module !== null) return module.exports;
    if (typeof factory !== 'function')
      throw fail('systemException', `app.${name}: the library could not be compiled`);
    module = { exports: {} };
    try {
      $apply(factory, undefined, [module.exports, module]);
    } catch (e) {
      // A failed load is tried again on the next use, as a failed require is.
      module = null;
      throw e;
    }
    loaded = true;
    return module.exports;
  };
}

const appApi = buildApp();
