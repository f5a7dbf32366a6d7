import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import { negotiateLocale, type Locale } from '../i18n.ts';
import { installErrorHandling } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
  }
}

export interface ServerOptions {
  logger: Logger;
  tags: { name: string; description: string }[];
  version: string;
}

export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: 64 * 1024 * 1024,
    // Validate with the schema's own types; report every error, not the first.
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    trustProxy: true,
  }) as unknown as FastifyInstance;

  app.decorateRequest('locale', 'zh-CN');
  app.addHook('onRequest', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    const lang = typeof query?.lang === 'string' ? query.lang : undefined;
    request.locale = negotiateLocale(lang ?? request.headers['accept-language']);
  });
  installErrorHandling(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gongzhi 共治 API',
        version: options.version,
        description:
          'Community co-governance. Errors are RFC 9457 problem+json in the language of Accept-Language (zh-CN default, en). ' +
          'Authenticate with the session cookie from POST /api/auth/login, or an API token as `Authorization: Bearer gz_…`.',
      },
      tags: options.tags,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gz_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
