/**
 * OpenAPI description, built by @fastify/swagger from the route schemas (the shared schemas).
 * Register before the routes; `docsRoutes` serves it at `/docs/json` and a Romanian page at `/docs`.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { BORDEROU_CSV_MAX_BYTES } from '../../../shared/src/schemas/borderou.ts';

type OpenApiDocument = {
  paths?: Record<string, Record<string, Record<string, unknown>>>;
};

/** The CSV upload has no body schema (the bytes are parsed by hand), so its requestBody is described here. */
function describeCsvUpload(document: OpenApiDocument): void {
  const operation = document.paths?.['/api/borderouri']?.post;
  if (!operation) return;
  operation.requestBody = {
    required: true,
    description: `Fișierul CSV al borderoului, cel mult ${BORDEROU_CSV_MAX_BYTES / 1024 / 1024} MB (implicit).`,
    content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
  };
}

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Scan Station — serverul registraturii',
        description: 'Loturile raportate de stațiile de scanare, borderourile zilnice, verificarea zilei și rapoartele săptămânale. '
          + 'Erorile au forma { error: { code, message, problems? } } cu coduri stabile.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Tokenul stației sau al administratorului' } },
      },
    },
    transformObject: (documentObject) => {
      const document = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as OpenApiDocument;
      describeCsvUpload(document);
      return document as never;
    },
  });
}
