import { documentChecks } from './scenario/creative-solidarity.document-checks';
import { movementChecks } from './scenario/creative-solidarity.movement-checks';
import { useCreativeSolidarityRun } from './scenario/creative-solidarity.session';

/*
 * The source articles' case end to end over HTTP: the Hanoi Fatherland Front's "Creative
 * Solidarity" movement, whose evaluation council reviewed 500 applications and awarded 119
 * initiatives; plus a smaller thematic movement on a secret-ballot variant of the track. The year
 * runs on a test clock (no sleeping); the read models are projected live, as the projector does.
 *
 * The scenario runs once for this file: the movement's end-to-end checks and the official
 * documents generated from its log (each fetched over HTTP, parsed — PDF text through pdfjs-dist,
 * DOCX through its XML — and checked against the log) read the same history. All 119 awards of the
 * main movement are granted under one decision number, as the city's chairman signs one decision
 * with an attached list. Document samples go to test-results/documents/.
 */

jest.setTimeout(300_000);

const run = useCreativeSolidarityRun();
movementChecks(run);
documentChecks(run);
