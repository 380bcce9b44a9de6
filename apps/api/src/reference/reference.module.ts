import { Module } from '@nestjs/common';
import { ReferenceReader } from './reference-reader';
import { ListUnitsHandler, RegisterUnitHandler, UnitsController } from './units/register-unit';

/** Reference data an administrator manages: units, users, councils, workflow definitions, movements. */
@Module({
  controllers: [UnitsController],
  providers: [ReferenceReader, RegisterUnitHandler, ListUnitsHandler],
  exports: [ReferenceReader],
})
export class ReferenceModule {}
