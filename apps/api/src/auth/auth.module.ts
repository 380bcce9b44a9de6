import { Global, Module } from '@nestjs/common';
import { AuthConfigController } from './auth-config.controller';
import { MeController } from './me.controller';
import { DevTokenController } from './dev-token.controller';
import { TokenVerifier } from './token-verifier';
import { UserEmailIndex } from './user-email-index';

/** Sign-in: token verification (OIDC issuer, service accounts), the browser's sign-in settings, dev tokens. */
@Global()
@Module({
  controllers: [AuthConfigController, DevTokenController, MeController],
  providers: [TokenVerifier, UserEmailIndex],
  exports: [TokenVerifier, UserEmailIndex],
})
export class AuthModule {}
