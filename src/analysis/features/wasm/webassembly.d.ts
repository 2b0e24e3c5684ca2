// The part of the WebAssembly JS API that spectralKernel.ts uses. TypeScript declares it only in lib.dom,
// which this Node project does not load; Node and browsers both provide it.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
