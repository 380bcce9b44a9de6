import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ROLES, type Role } from '@laurel/domain';
import { UserDirectory, type RequestMeta } from '@laurel/application';
import { Meta } from '../http/request-meta.decorator';
import { ProblemException } from '../http/problem-details';
import { QueryResponses } from '../http/openapi';

export class MeView {
  @ApiProperty({ type: String, example: 'demo-secretary' })
  userId!: string;

  @ApiProperty({ type: String, example: 'Trần Thị Hoa' })
  name!: string;

  @ApiProperty({ type: String, example: 'hoa@ba-dinh.example.org' })
  email!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['secretary'] })
  roles!: Role[];

  @ApiProperty({ type: String, example: 'demo-ba-dinh', description: 'The unit the user belongs to' })
  unitId!: string;
}

/** Who the bearer of the token is, as Laurel's directory knows them: a client's first call after sign-in. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly users: UserDirectory) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user: id, name, e-mail, roles and unit' })
  @QueryResponses(MeView, { without: [400] })
  async me(@Meta() meta: RequestMeta): Promise<MeView> {
    const user = await this.users.find(meta.actor.userId);
    if (!user) throw new ProblemException(401, 'UNAUTHENTICATED', 'The token names no registered user');
    return { userId: user.userId, name: user.name, email: user.email, roles: [...user.roles], unitId: user.unitId };
  }
}
