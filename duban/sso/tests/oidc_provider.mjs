// A real OpenID provider for the sign-in tests (npm oidc-provider), on loopback:
//   node oidc_provider.mjs PORT RELYING_PARTY_URL
// Its development sign-in form takes any password; the accounts below are the district's people.
import Provider from 'oidc-provider';

const [port, rp] = [Number(process.argv[2]), process.argv[3].replace(/\/$/, '')];
const accounts = {
  liaison: { sub: 'liaison', preferred_username: 'liaison', name: '审计局联络员', email: 'liaison@qiantang.example', unit: '区审计局' },
  wangfang: { sub: 'wangfang', preferred_username: 'wangfang', name: '王芳', email: 'wangfang@qiantang.example', unit: '区审计局' },
  nowhere: { sub: 'nowhere', preferred_username: 'nowhere', name: '无名', email: 'nowhere@qiantang.example', unit: '不存在的局' },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'duban', client_secret: 'duban-test-secret',
    redirect_uris: [`${rp}/oidc/callback/`], post_logout_redirect_uris: [`${rp}/`],
    response_types: ['code'], grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'unit'], email: ['email'] },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    return claims && { accountId: id, async claims() { return claims; } };
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => false },
  cookies: { keys: ['duban-test-cookie-key'] },
});
provider.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
