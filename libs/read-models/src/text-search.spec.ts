import { foldText, MAX_SEARCH_WORDS, searchConditions, searchPatterns } from './text-search';

describe('text search (the query side)', () => {
  it('Text search ignores case and Vietnamese diacritics: the JavaScript fold agrees with the rule', () => {
    expect(foldText('Nước sạch cho Đường làng')).toBe('nuoc sach cho duong lang');
    expect(foldText('ĐỒNG KHỞI')).toBe('dong khoi');
    expect(foldText('xã hội hóa')).toBe(foldText('XA HOI HOA'));
  });

  it('matches each word of the query as part of a word, with LIKE wildcards taken literally', () => {
    expect(searchPatterns('  nuoc   sach ')).toEqual(['%nuoc%', '%sach%']);
    expect(searchPatterns('100% a_b c\\d')).toEqual(['%100\\%%', '%a\\_b%', '%c\\\\d%']);
    expect(searchPatterns(undefined)).toEqual([]);
    expect(searchPatterns('   ')).toEqual([]);
  });

  it(`uses at most ${MAX_SEARCH_WORDS} words and binds every one as a parameter`, () => {
    const values: unknown[] = [];
    const conditions = searchConditions('search_text', 'a b c d e f g h i j', (v) => {
      values.push(v);
      return `$${values.length}`;
    });
    expect(conditions).toHaveLength(MAX_SEARCH_WORDS);
    expect(conditions[0]).toBe('search_text LIKE laurel_fold($1)');
    expect(values).toEqual(['%a%', '%b%', '%c%', '%d%', '%e%', '%f%', '%g%', '%h%']);
  });
});
