package dev.mero4j.wasm.metering;

/**
 * Indices of what the rewriter adds to a module, and how original function indices move.
 *
 * @param importedFunctions number of function imports in the original module
 * @param limitFunction index of the added {@code mero4j.limit_exceeded} import
 * @param growHelper index of the added memory.grow wrapper, or -1 if the module has no memory
 * @param gasGlobal index of the added instruction-budget global
 * @param depthGlobal index of the added call-depth global
 */
record Layout(
    int importedFunctions, int limitFunction, int growHelper, int gasGlobal, int depthGlobal) {
  /** The new index of an original function: defined functions move up by the one added import. */
  int shift(int function) {
    return function < importedFunctions ? function : function + 1;
  }
}
