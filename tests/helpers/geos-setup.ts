/** Jest cannot load the ES module geos-wasm: code that loads GEOS (shared/geo/geos-laden.ts) gets the test bundle. */
import { setGeosLoader } from '../../shared/geo/geos-laden';
import { loadGeosForTests } from '../geo/geos-loader';

setGeosLoader(loadGeosForTests);
