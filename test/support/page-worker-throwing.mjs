// The real page worker (`page-worker.ts`, through the TypeScript loader) whose barcode reads throw an
// object without a prototype (String() cannot turn it into text): what its error answer says then.
import { register } from 'tsx/esm/api';

register();
const { BarcodeReader } = await import('../../station/src/barcode/zxing-reader.ts');
BarcodeReader.prototype.read = () => {
  throw Object.create(null);
};
await import('../../station/src/pipeline/page-worker.ts');
