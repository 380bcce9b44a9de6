import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { LaurelConfig } from '@laurel/infra';
import { Public } from './auth.decorators';
import { QueryResponses } from '../http/openapi';

export class AuthConfigView {
  @ApiProperty({ type: String, nullable: true, example: 'https://login.example.org/realms/laurel', description: 'The OpenID Connect issuer (discovery at <issuer>/.well-known/openid-configuration); null without one' })
  issuer!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'laurel-web', description: "The browser client's id at the issuer (public client: authorization code + PKCE)" })
  clientId!: string | null;

  @ApiProperty({ type: [String], example: ['openid', 'profile', 'email'], description: 'Scopes to ask for' })
  scopes!: string[];

  @ApiProperty({ type: String, nullable: true, example: 'https://laurel.example.org/api', description: 'The audience Laurel expects in access tokens (send it as `resource` or `audience` where the issuer wants one)' })
  audience!: string | null;

  @ApiProperty({ type: Boolean, description: 'Whether POST /api/v1/auth/dev-token is available (embedded mode with AUTH_DEV_TOKENS=true only)' })
  devTokens!: boolean;
}

/** What a browser client needs to sign in (api.md, "Auth"): no secrets, no auth. */
@ApiTags('auth')
@Controller('auth')
export class AuthConfigController {
  constructor(private readonly config: LaurelConfig) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'How to sign in: the OpenID Connect issuer, client id and scopes for authorization code + PKCE' })
  @QueryResponses(AuthConfigView, { public: true, without: [400] })
  view(): AuthConfigView {
    return {
      issuer: this.config.OIDC_ISSUER_URL ?? null,
      clientId: this.config.OIDC_CLIENT_ID ?? null,
      scopes: this.config.OIDC_SCOPES.split(/\s+/).filter(Boolean),
      audience: this.config.OIDC_ISSUER_URL ? (this.config.OIDC_AUDIENCE ?? null) : null,
      devTokens: this.config.LAUREL_EMBEDDED && this.config.AUTH_DEV_TOKENS,
    };
  }
}
