// The tests serve builds with the product's own static server.
export { CONTENT_TYPES, contentTypeOf, serveStatic, type StaticServer, type StaticServerOptions } from '../../src/serve/static-server.ts';
