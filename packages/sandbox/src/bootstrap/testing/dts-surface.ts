import ts from 'typescript';

/** The `sys.d.ts` script typings, read with the TypeScript checker. */
export interface DtsSurface {
  /** `sys.data.findById`, `sys.data.Record`, `sys.data.Record#id`, … (methods only for classes). */
  paths: string[];
  /** Method names of a named interface (`sys.data.UserRecord`), inherited ones included. */
  methodsOf(qualifiedName: string): string[];
  /** `Container.member` of every function-like declaration without a doc comment holding `@example`. */
  undocumented: string[];
}

export function readDtsSurface(file: string): DtsSurface {
  const program = ts.createProgram([file], {
    noEmit: true,
    strict: true,
    lib: ['lib.es2022.d.ts'],
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const documented = new Map<string, boolean>();
  let sysDecl: ts.VariableDeclaration | undefined;

  const visit = (node: ts.Node, scope: string) => {
    if (ts.isModuleDeclaration(node)) {
      const name = scope ? `${scope}.${node.name.getText(source)}` : node.name.getText(source);
      if (node.body) ts.forEachChild(node.body, (child) => visit(child, name));
      return;
    }
    if (ts.isVariableDeclaration(node) && node.name.getText(source) === 'sys') sysDecl = node;
    if (ts.isInterfaceDeclaration(node)) interfaces.set(`${scope}.${node.name.text}`, node);
    const fnLike =
      ts.isMethodSignature(node) ||
      ts.isFunctionDeclaration(node) ||
      ts.isConstructSignatureDeclaration(node) ||
      ts.isCallSignatureDeclaration(node);
    if (fnLike) {
      const owner = ts.isInterfaceDeclaration(node.parent)
        ? `${scope}.${node.parent.name.text}`
        : scope || '<global>';
      const key = `${owner}.${node.name?.getText(source) ?? 'new'}`;
      const hasExample = ts.getJSDocTags(node).some((t) => t.tagName.text === 'example');
      documented.set(key, (documented.get(key) ?? false) || hasExample);
    }
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  visit(source, '');

  const isFunction = (t: ts.Type) => t.getCallSignatures().length > 0;
  const methodNames = (t: ts.Type) =>
    checker
      .getPropertiesOfType(t)
      .filter((p) => isFunction(checker.getTypeOfSymbolAtLocation(p, source)))
      .map((p) => p.name);

  const paths: string[] = [];
  const walk = (type: ts.Type, path: string) => {
    for (const prop of checker.getPropertiesOfType(type)) {
      const t = checker.getTypeOfSymbolAtLocation(prop, source);
      const p = `${path}.${prop.name}`;
      paths.push(p);
      const proto = t.getProperty('prototype');
      if (proto) {
        for (const m of methodNames(checker.getTypeOfSymbolAtLocation(proto, source)))
          paths.push(`${p}#${m}`);
      } else if (!isFunction(t) && t.getProperties().length > 0 && !(t.flags & ts.TypeFlags.StringLiteral)) {
        walk(t, p);
      }
    }
  };
  if (!sysDecl) throw new Error('sys.d.ts: no `declare const sys`');
  walk(checker.getTypeAtLocation(sysDecl.name), 'sys');

  return {
    paths: paths.sort(),
    methodsOf(name) {
      const decl = interfaces.get(name);
      if (!decl) throw new Error(`sys.d.ts: no interface ${name}`);
      return methodNames(checker.getTypeAtLocation(decl.name)).sort();
    },
    undocumented: [...documented].filter(([, ok]) => !ok).map(([key]) => key),
  };
}
