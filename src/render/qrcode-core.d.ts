/** The encoder of the qrcode package (lib/core/qrcode.js), as far as qr-code.ts uses it. */
declare module 'qrcode/lib/core/qrcode.js' {
  const core: {
    create(
      data: { data: string; mode: 'byte' }[],
      options: { errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H'; maskPattern?: number },
    ): { modules: { size: number; data: Uint8Array } };
  };
  export default core;
}
