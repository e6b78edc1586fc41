import type { Plugin } from "vite";

/**
 * tfjs-backend-wasm starts its WASM threads from the text of its threaded factory function
 * (`factory.toString()` in a blob). The minifier turns the one reference that function makes
 * outside itself, a `typeof _scriptDir` guard, into a bare name, which is undefined in a thread:
 * every thread then fails with a ReferenceError. The guard only picks a folder for files tfjs
 * already locates itself (setWasmPaths), so it is dropped before bundling.
 */
export function wasmThreadsSurviveMinifying(): Plugin {
  const SCRIPT_DIR_GUARD = 'if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}';
  return {
    name: "wasm-threads-survive-minifying",
    transform(code, id) {
      if (!id.endsWith("tfjs-backend-wasm-threaded-simd.js")) return null;
      if (!code.includes(SCRIPT_DIR_GUARD)) {
        this.warn("tfjs-backend-wasm changed: the threaded build may fail once minified");
        return null;
      }
      return { code: code.replace(SCRIPT_DIR_GUARD, ""), map: null };
    },
  };
}
