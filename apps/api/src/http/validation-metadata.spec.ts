import { IsInt, IsOptional, IsString, MetadataStorage, ValidateNested, getMetadataStorage, validateSync } from 'class-validator';
import { rememberValidationMetadata } from './validation-metadata';

class Base {
  @IsString() name!: string;
}
class Derived extends Base {
  @IsOptional() @IsInt({ groups: ['strict'] }) size?: number;
  @ValidateNested() inner?: Base;
}

describe('remembered validation rules', () => {
  rememberValidationMetadata();
  const storage = getMetadataStorage();
  // class-validator's own look-up, on the same storage.
  const lookUp = (...args: Parameters<MetadataStorage['getTargetValidationMetadatas']>) => MetadataStorage.prototype.getTargetValidationMetadatas.apply(storage, args);

  it.each([
    ['no groups', false, false, undefined],
    ['always', true, false, undefined],
    ['strict groups', false, true, undefined],
    ['a group', false, false, ['strict']],
  ] as const)('are the rules class-validator finds, with %s', (_name, always, strictGroups, groups) => {
    for (const target of [Base, Derived]) {
      const remembered = storage.getTargetValidationMetadatas(target, '', always, strictGroups, groups ? [...groups] : undefined);
      expect(remembered).toEqual(lookUp(target, '', always, strictGroups, groups ? [...groups] : undefined));
      if (target === Derived) expect(remembered.length).toBeGreaterThan(0);
      expect(storage.getTargetValidationMetadatas(target, '', always, strictGroups, groups ? [...groups] : undefined)).toBe(remembered);
      expect(storage.groupByPropertyName(remembered)).toEqual(MetadataStorage.prototype.groupByPropertyName.call(storage, remembered));
    }
  });

  it('forgets them when a rule is added, so a rule declared later counts', () => {
    class Later {
      @IsString() label!: string;
    }
    expect(validateSync(Object.assign(new Later(), { label: 3 }))).toHaveLength(1);
    const before = storage.getTargetValidationMetadatas(Derived, '', false, false, undefined);
    const extra = { ...before[0], propertyName: 'extra' } as (typeof before)[number];
    storage.addValidationMetadata(extra);
    expect(storage.getTargetValidationMetadatas(Derived, '', false, false, undefined).map((m) => m.propertyName)).toContain('extra');
  });
});
