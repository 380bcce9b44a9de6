// A real OpenID provider (oidc-provider 9, ESM-only, hence its own process) for the sign-in tests:
//   node test/oidc/oidc-provider.mjs   with OIDC_TEST_CONFIG='{"keys":[<private JWK>],"audiences":[...],"accounts":{"<id>":"<email>"},"redirectUris"?:[...]}'
// Listens on 127.0.0.1 on a free port and prints `READY <issuer>` on stdout. One public client,
// `laurel-web` (authorization code + PKCE), JWT access tokens for the configured audiences
// (resource indicators). The only non-standard route is the test's login:
//   POST /interaction/<uid>/login  account=<id>   → logs the account in, grants openid email + laurel.
import http from 'node:http';
import process from 'node:process';
import { URLSearchParams } from 'node:url';
import Provider, { errors } from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const accounts = config.accounts ?? {};
const audiences = new Set(config.audiences ?? []);
const REDIRECT_URI = 'http://127.0.0.1/callback';

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'laurel-web',
      token_endpoint_auth_method: 'none',
      // More redirect URIs (the console's /auth/callback in the browser test); CORS follows their origins.
      redirect_uris: [REDIRECT_URI, ...(config.redirectUris ?? [])],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  // The only key is an ES256 one: ID tokens and access tokens are signed with it.
  clientDefaults: { id_token_signed_response_alg: config.keys[0].alg },
  jwks: { keys: config.keys },
  cookies: { keys: ['laurel-oidc-test-cookies'] },
  scopes: ['openid', 'email'], // 'laurel' is the API's (resource) scope, not an OpenID one
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  findAccount: async (_ctx, id) =>
    id in accounts ? { accountId: id, claims: async () => ({ sub: id, email: accounts[id], email_verified: true }) } : undefined,
  // Access tokens name the account's e-mail too, for issuers mapped with OIDC_USER_CLAIM=email.
  extraTokenClaims: async (_ctx, token) => (token.accountId in accounts ? { email: accounts[token.accountId] } : undefined),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (!audiences.has(resource)) throw new errors.InvalidTarget();
        return { scope: 'laurel', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: config.keys[0].alg } } };
      },
    },
  },
});

const readForm = (req) =>
  new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });

async function login(req, res) {
  const form = await readForm(req);
  const accountId = form.get('account');
  const { params } = await provider.interactionDetails(req, res);
  if (!(accountId in accounts)) {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'unknown account' }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope('openid email');
  if (params.resource) grant.addResourceScope(params.resource, 'laurel');
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
server.on('request', (req, res) => {
  if (req.method === 'POST' && /^\/interaction\/[^/]+\/login$/.test(req.url)) {
    login(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error?.message ?? error));
    });
    return;
  }
  if (req.method === 'GET' && /^\/interaction\/[^/]+$/.test(req.url)) {
    // What the interaction asks for (a test reads it when a sign-in does not go through).
    provider.interactionDetails(req, res).then(
      ({ prompt, params }) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ prompt, params })),
      (error) => res.writeHead(400).end(String(error?.message ?? error)),
    );
    return;
  }
  callback(req, res);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.stdout.write(`READY ${issuer}\n`);
