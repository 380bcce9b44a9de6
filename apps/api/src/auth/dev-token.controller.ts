import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { UserDirectory } from '@laurel/application';
import { LaurelConfig } from '@laurel/infra';
import { ProblemException } from '../http/problem-details';
import { Public } from './auth.decorators';
import { ListUsersQueryMessage } from '../reference/users/register-user';

export class DevUsersQuery {
  @ApiPropertyOptional({ type: String, description: 'Only users whose id or name contains this (case and diacritics ignored)', example: 'nguyen' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 500, default: 200, description: 'At most this many users (ordered by id)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class DevUserView {
  @ApiProperty({ type: String, example: 'admin' }) userId!: string;
  @ApiProperty({ type: String, example: 'Administrator' }) name!: string;
  @ApiProperty({ type: [String], example: ['administrator'] }) roles!: string[];
  @ApiProperty({ type: String, example: 'root' }) unitId!: string;
}

export class DevUsersView {
  @ApiProperty({ type: [DevUserView] }) items!: DevUserView[];
  @ApiProperty({ type: Boolean, description: 'True when more users matched than were returned (narrow with q)' }) truncated!: boolean;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
import { CommandResponses, QueryResponses } from '../http/openapi';
import { Idempotent } from '../http/idempotency.interceptor';

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
    private readonly queries: QueryBus,
  ) {}

  /** The directory's users for the console's "sign in as" list: only where dev tokens are issued, else 404. */
  @Get('dev-users')
  @Public()
  @ApiOperation({ summary: 'Users to sign in as with a development token (embedded mode with AUTH_DEV_TOKENS=true only; 404 otherwise)' })
  @QueryResponses(DevUsersView, { public: true, problems: [404] })
  async devUsers(@Query() query: DevUsersQuery): Promise<DevUsersView> {
    if (!this.config.AUTH_DEV_TOKENS || !this.config.LAUREL_EMBEDDED) throw new ProblemException(404, 'NOT_FOUND', 'Development tokens are disabled');
    const limit = query.limit ?? 200;
    const needle = query.q ? fold(query.q) : undefined;
    const items: DevUserView[] = [];
    let cursor: string | undefined;
    let truncated = false;
    do {
      const page = await this.queries.execute(new ListUsersQueryMessage({ limit: 500, cursor }));
      for (const u of page.items) {
        if (needle && !fold(`${u.userId} ${u.name}`).includes(needle)) continue;
        if (items.length >= limit) {
          truncated = true;
          break;
        }
        items.push({ userId: u.userId, name: u.name, roles: [...u.roles], unitId: u.unitId });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor && !truncated);
    return { items, truncated };
  }

  @Idempotent()
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
