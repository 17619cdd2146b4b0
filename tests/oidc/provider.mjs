// A real OpenID Connect provider for the tests (the npm package oidc-provider), on this machine.
// Usage: node tests/oidc/provider.mjs CONFIG.json — CONFIG holds the clients (each with its
// public JWKS, for private_key_jwt). It listens on a free port on 127.0.0.1 and prints
// "listening <issuer>" once ready. devInteractions gives it a login page that takes any login:
// type an email address; the subject (sub) is derived from it and differs from it.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

import Provider from "oidc-provider";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));

function subjectFor(login) {
  return "urn:fdc:local:" + createHash("sha256").update(login).digest("hex").slice(0, 32);
}

const server = createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients.map((client) => ({
      client_id: client.client_id,
      redirect_uris: client.redirect_uris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "private_key_jwt",
      token_endpoint_auth_signing_alg: "RS256",
      jwks: client.jwks,
    })),
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    scopes: ["openid", "email"],
    ttl: {
      // A client named "...-short-lived" gets ID tokens that expire after 1 second.
      IdToken: (ctx, token, client) => (client.clientId.endsWith("-short-lived") ? 1 : 600),
    },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["test-only-cookie-key"] },
    async findAccount(ctx, login) {
      return {
        accountId: login,
        async claims() {
          return { sub: subjectFor(login), email: login, email_verified: true };
        },
      };
    },
  });
  provider.on("server_error", (ctx, error) => console.error("server_error", error));
  server.on("request", provider.callback());
  console.log(`listening ${issuer}`);
});
