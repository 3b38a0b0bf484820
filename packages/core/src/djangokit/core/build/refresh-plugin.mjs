// React Fast Refresh for esbuild.mjs's watch builds (`dk dev`, decision 0008): an esbuild
// plugin that runs the project's own modules through react-refresh/babel.
import { readFile } from "node:fs/promises";
import { relative, sep } from "node:path";

const SOURCE = /\.[cm]?[jt]sx?$/;

/**
 * React Fast Refresh (`dk dev` only, decision 0008): the project's own modules (below
 * `refresh.sourceDir`, never node_modules or the runtime) go through `react-refresh/babel`,
 * which registers their components with the refresh runtime (.djangokit/refresh.js), and
 * end by telling it their exports, so an update knows whether the module holds components
 * only. Babel's output is cached by source text; `edited` collects the modules whose text
 * changed since the previous build.
 */
export function refreshPlugin(config, require, edited) {
  const babel = require("@babel/core");
  const reactRefresh = require("react-refresh/babel");
  const { sourceDir, projectDir } = config.refresh;
  const cache = new Map();
  return {
    name: "djangokit-refresh",
    setup(build) {
      build.onLoad({ filter: SOURCE }, async (args) => {
        if (!args.path.startsWith(sourceDir + sep) || args.path.includes(`${sep}node_modules${sep}`)) {
          return undefined;
        }
        const source = await readFile(args.path, "utf8");
        const id = relative(projectDir, args.path).split(sep).join("/");
        const ext = args.path.match(SOURCE)[0].replace(/^\.[cm]?/, "");
        const cached = cache.get(args.path);
        if (cached && cached.source === source) {
          return { contents: cached.contents, loader: ext };
        }
        if (cached) edited.add(id);
        const typescript = ext.startsWith("ts");
        const jsx = ext.endsWith("x") || !typescript;
        const key = JSON.stringify(id);
        let result;
        try {
          result = await babel.transformAsync(source, {
            filename: args.path,
            babelrc: false,
            configFile: false,
            sourceMaps: "inline",
            parserOpts: { plugins: [...(jsx ? ["jsx"] : []), ...(typescript ? ["typescript"] : [])] },
            plugins: [[reactRefresh, { skipEnvCheck: true }], exportsPlugin(babel.types, id)],
          });
        } catch {
          // esbuild reports a syntax error in its own words (the overlay's file:line:column);
          // code Babel cannot read is bundled as it is, and an update to it reloads.
          const contents = `${source}\n;window.__djangokitRefresh?.exports(${key}, null);\n`;
          return { contents, loader: ext };
        }
        // Each module its own $RefreshReg$: esbuild renames these per module when bundling.
        const contents =
          `const $RefreshReg$ = (type, name) => window.__djangokitRefresh?.register(type, ${key} + " " + name);\n` +
          `const $RefreshSig$ = () => window.__djangokitRefresh?.signature() ?? ((type) => type);\n` +
          result.code;
        cache.set(args.path, { source, contents });
        return { contents, loader: ext };
      });
    },
  };
}

/**
 * Appends `window.__djangokitRefresh?.exports(id, () => ({ ...the module's exports }))`, or
 * `exports(id, null)` when they cannot be listed (`export * from`, `export { x } from`):
 * the refresh runtime hot-applies a module only if every export is a component.
 */
function exportsPlugin(t, id) {
  return {
    visitor: {
      Program: {
        exit(path) {
          const values = [];
          let listed = true;
          for (const statement of path.get("body")) {
            const node = statement.node;
            if (t.isExportAllDeclaration(node)) {
              if (node.exportKind !== "type") listed = false;
            } else if (t.isExportNamedDeclaration(node)) {
              if (node.exportKind === "type") continue;
              if (node.source) {
                listed = false;
                continue;
              }
              const declaration = node.declaration;
              if (declaration) {
                if (t.isTSTypeAliasDeclaration(declaration) || t.isTSInterfaceDeclaration(declaration) || t.isTSDeclareFunction(declaration)) {
                  continue;
                }
                for (const name of Object.keys(t.getBindingIdentifiers(declaration, false, true))) {
                  values.push(t.objectProperty(t.stringLiteral(name), t.identifier(name)));
                }
              }
              for (const specifier of node.specifiers ?? []) {
                if (specifier.exportKind === "type" || !t.isIdentifier(specifier.local)) continue;
                const exported = t.isIdentifier(specifier.exported) ? specifier.exported.name : specifier.exported.value;
                values.push(t.objectProperty(t.stringLiteral(exported), t.identifier(specifier.local.name)));
              }
            } else if (t.isExportDefaultDeclaration(node)) {
              let declaration = node.declaration;
              if (t.isTSInterfaceDeclaration(declaration)) continue;
              if ((t.isFunctionDeclaration(declaration) || t.isClassDeclaration(declaration)) && declaration.id) {
                values.push(t.objectProperty(t.stringLiteral("default"), t.identifier(declaration.id.name)));
              } else if (t.isIdentifier(declaration)) {
                values.push(t.objectProperty(t.stringLiteral("default"), t.identifier(declaration.name)));
              } else {
                // export default <expression>: name it, to list it.
                const name = path.scope.generateUidIdentifier("default");
                if (t.isFunctionDeclaration(declaration)) declaration = t.toExpression(declaration);
                if (t.isClassDeclaration(declaration)) declaration = t.toExpression(declaration);
                statement.replaceWithMultiple([
                  t.variableDeclaration("const", [t.variableDeclarator(name, declaration)]),
                  t.exportDefaultDeclaration(t.identifier(name.name)),
                ]);
                values.push(t.objectProperty(t.stringLiteral("default"), t.identifier(name.name)));
              }
            }
          }
          const registry = t.optionalMemberExpression(
            t.memberExpression(t.identifier("window"), t.identifier("__djangokitRefresh")),
            t.identifier("exports"),
            false,
            true,
          );
          const listing = listed ? t.arrowFunctionExpression([], t.objectExpression(values)) : t.nullLiteral();
          path.pushContainer(
            "body",
            t.expressionStatement(t.optionalCallExpression(registry, [t.stringLiteral(id), listing], false)),
          );
        },
      },
    },
  };
}
