import { describe, expect, it } from 'vitest';
import { parseIndicators, validateNomination, validateRegister, type Errors, type RegisterDraft } from './validation';

const SHA = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const register: RegisterDraft = { movementId: 'movement-2025', unitId: 'hanoi', title: ' Sổ tay số ', summary: 'Báo cáo qua điện thoại', field: 'economy', authors: [{ name: 'Nguyễn Văn A', userId: '' }] };
const file = (sha256 = SHA) => ({ fileName: 'to-trinh.pdf', size: 3, mediaType: 'application/pdf', sha256 });

describe('register form validation', () => {
  it('builds the body of POST /initiatives, trimmed, empty author rows dropped', () => {
    const { errors, body } = validateRegister({ ...register, authors: [...register.authors, { name: '', userId: '' }, { name: 'Lê C', userId: 'officer-1' }] });
    expect(errors).toEqual({});
    expect(body).toEqual({ movementId: 'movement-2025', unitId: 'hanoi', title: 'Sổ tay số', summary: 'Báo cáo qua điện thoại', field: 'economy', authors: [{ name: 'Nguyễn Văn A' }, { name: 'Lê C', userId: 'officer-1' }] });
  });

  it('names every missing or malformed field and builds no body', () => {
    const { errors, body } = validateRegister({ movementId: '', unitId: 'bad id!', title: 'x'.repeat(301), summary: '  ', field: '', authors: [{ name: '', userId: 'someone' }, { name: 'B', userId: 'not ok' }] });
    expect(body).toBeUndefined();
    expect(errors).toEqual({
      movementId: { key: 'errRequired' },
      unitId: { key: 'errId' },
      title: { key: 'errTooLong', values: { max: 300 } },
      summary: { key: 'errRequired' },
      field: { key: 'errRequired' },
      'authors.0.name': { key: 'errRequired' },
      'authors.1.userId': { key: 'errId' },
    });
  });

  it('refuses more than 50 authors', () => {
    const authors = Array.from({ length: 51 }, (_, i) => ({ name: `A${i}`, userId: '' }));
    expect(validateRegister({ ...register, authors }).errors.authors).toEqual({ key: 'errTooMany', values: { max: 50 } });
  });
});

describe('nomination form validation', () => {
  const required = ['request_letter', 'achievement_report'];
  const draft = {
    awardForm: 'certificate_of_merit',
    councilId: 'council-hanoi',
    statement: 'Đáng nhân rộng',
    documents: [
      { kind: 'request_letter', file: file() },
      { kind: 'achievement_report', file: { ...file('A'.repeat(64)), fileName: 'bao-cao.docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } },
    ],
  };

  it("sends each document's kind, SHA-256 (lower case), file name, size and media type", () => {
    const { errors, body } = validateNomination(draft, required);
    expect(errors).toEqual({});
    expect(body?.documents).toEqual([
      { name: 'request_letter', sha256: SHA, fileName: 'to-trinh.pdf', size: 3, mediaType: 'application/pdf' },
      { name: 'achievement_report', sha256: 'a'.repeat(64), fileName: 'bao-cao.docx', size: 3, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    ]);
  });

  it('needs an award form, a council, a statement and at least one document', () => {
    const { errors, body } = validateNomination({ awardForm: '', councilId: '', statement: '', documents: [] }, []);
    expect(body).toBeUndefined();
    expect(errors).toEqual({ awardForm: { key: 'errRequired' }, councilId: { key: 'errRequired' }, statement: { key: 'errRequired' }, documents: { key: 'errNoDocuments' } });
  });

  it("names the definition's required documents that are missing", () => {
    const { errors } = validateNomination({ ...draft, documents: [draft.documents[0]] }, required);
    expect(errors).toEqual({ documents: { key: 'errMissingDocuments', values: { names: 'achievement_report' } } });
  });

  it('refuses two documents of one kind, a row without a file and a file still being hashed', () => {
    const { errors } = validateNomination(
      { ...draft, documents: [draft.documents[0], { kind: 'request_letter', file: file() }, { kind: 'achievement_report' }, { kind: 'annex', hashing: true }] },
      required,
    );
    expect(errors).toEqual({ 'documents.1.kind': { key: 'errDuplicateKind' }, 'documents.2.file': { key: 'errNoFile' }, 'documents.3.file': { key: 'errStillHashing' } });
  });

  it('indicators are a JSON object or nothing', () => {
    const errors: Errors = {};
    expect(parseIndicators('', errors)).toBeUndefined();
    expect(parseIndicators('{"households": 120}', errors)).toEqual({ households: 120 });
    expect(errors).toEqual({});
    expect(parseIndicators('[1]', errors)).toBeUndefined();
    expect(errors).toEqual({ indicators: { key: 'errIndicators' } });
  });
});
