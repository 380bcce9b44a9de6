import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { UserDirectory } from '@laurel/application';
import { LaurelConfig } from '@laurel/infra';
import { ProblemException } from '../http/problem-details';
import { Public } from './auth.decorators';
import { CommandResponses } from '../http/openapi';

export class DevTokenRequest {
  @ApiProperty({ type: String, description: "A registered user's id", example: 'admin' })
  @IsString()
  @Length(1, 200)
  userId!: string;
}

/**
 * Development sign-in: a token for any registered user. Only in embedded mode with AUTH_DEV_TOKENS=true
 * (validateConfig refuses AUTH_DEV_TOKENS elsewhere; checked here again so no config path can open it).
 */
export class DevTokenView {
  @ApiProperty({ type: String, description: 'A bearer token (JWT) for the user' })
  token!: string;
}

@ApiTags('auth')
@Controller('auth')
export class DevTokenController {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UserDirectory,
    private readonly config: LaurelConfig,
  ) {}

  @Post('dev-token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'A token for a registered user (embedded mode with AUTH_DEV_TOKENS=true only)' })
  @CommandResponses(DevTokenView, { public: true, description: "A bearer token for the user" })
  async issue(@Body() body: DevTokenRequest): Promise<{ token: string }> {
    if (!this.config.AUTH_DEV_TOKENS || !this.config.LAUREL_EMBEDDED) throw new ProblemException(404, 'NOT_FOUND', 'Development tokens are disabled');
    const user = await this.users.find(body.userId);
    if (!user) throw new ProblemException(404, 'NOT_FOUND', `No user ${body.userId}`);
    return { token: await this.jwt.signAsync({ sub: user.userId }) };
  }
}
