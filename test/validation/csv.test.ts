import { describe, expect, it } from 'vitest';
import { REQUIRED_COLUMNS, ValidationInputError, columnText, parseMeasurementCsv } from '../../sim/validation/index.ts';

const HEADER = 'source,engine,model,gpu,num_gpus,tp,pp,weight_dtype,kv_dtype,isl,osl,load,num_requests,metric,value';
const ROW = 'doc,vllm,llama-3.1-8b,h100-sxm,1,1,1,bf16,bf16,128,128,max,,output_tokens_per_s,1000';

function inputError(text: string): ValidationInputError {
  try {
    parseMeasurementCsv(text, 'm.csv');
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationInputError);
    return e as ValidationInputError;
  }
  throw new Error('expected a ValidationInputError');
}

describe('parseMeasurementCsv', () => {
  it('skips # comment lines and blank lines anywhere and numbers rows by their physical line', () => {
    const t = parseMeasurementCsv(`# title\n\n${HEADER}\n# between\n${ROW}\n   # indented comment\n\n${ROW.replace('1000', '2000')}\n`);
    expect(t.header).toEqual(HEADER.split(','));
    expect(t.rows.map((r) => r.line)).toEqual([5, 8]);
    expect(t.rows[0].columns).toMatchObject({ model: 'llama-3.1-8b', num_requests: '', value: '1000' });
    expect(t.rows[1].columns.value).toBe('2000');
    expect(Object.keys(t.rows[0].columns)).toEqual(HEADER.split(','));
  });

  it('ends lines at \\r\\n or a lone \\r as at \\n, after comments and blank lines too', () => {
    for (const eol of ['\r', '\r\n']) {
      const text = `# title${eol}${eol}${HEADER}${eol}# between${eol}${ROW}${eol}   # indented${eol}${eol}${ROW.replace('1000', '2000')}${eol}`;
      const t = parseMeasurementCsv(text);
      expect(t.header).toEqual(HEADER.split(','));
      expect(t.rows.map((r) => [r.line, r.columns.value])).toEqual([
        [5, '1000'],
        [8, '2000'],
      ]);
    }
    // A quoted line break counts as one physical line, whichever its form.
    for (const eol of ['\r', '\r\n']) {
      const t = parseMeasurementCsv(`${HEADER},note${eol}${ROW},"a${eol}b"${eol}# c${eol}${ROW},x${eol}`);
      expect(t.rows.map((r) => [r.line, r.columns.note])).toEqual([
        [2, `a${eol}b`],
        [5, 'x'],
      ]);
    }
  });

  it('reads columns by name in any order, trims fields, lower-cases header names and keeps extra columns', () => {
    const t = parseMeasurementCsv('Value , metric,load,osl,isl,weight_dtype,tp,gpu,model,note\r\n 7 ,itl_mean_ms,qps:2,16,32,fp8,2,h200-sxm,llama-3.1-70b,"a, b"\r\n');
    expect(t.rows).toEqual([
      {
        line: 2,
        columns: { value: '7', metric: 'itl_mean_ms', load: 'qps:2', osl: '16', isl: '32', weight_dtype: 'fp8', tp: '2', gpu: 'h200-sxm', model: 'llama-3.1-70b', note: 'a, b' },
      },
    ]);
  });

  it('allows quoted fields with commas, doubled quotes and line breaks (RFC 4180)', () => {
    const text = `${HEADER},note\n${ROW},"say ""hi"", then\nleave"\n${ROW},# not a comment\n`;
    const t = parseMeasurementCsv(text);
    expect(t.rows.map((r) => [r.line, r.columns.note])).toEqual([
      [2, 'say "hi", then\nleave'],
      [4, '# not a comment'],
    ]);
  });

  it('an empty file (or only comments) is an error at line 1: no header row', () => {
    expect(inputError('').message).toBe(`m.csv: line 1: no header row: the file has no rows (expected a header naming the columns ${REQUIRED_COLUMNS.join(', ')})`);
    expect(inputError('# nothing\n\n').line).toBe(1);
  });

  it('a first row that names no column is "no header row" at its line', () => {
    const e = inputError(`# c\n${ROW}\n`);
    expect(e.line).toBe(2);
    expect(e.detail).toMatch(/^no header row: the first row must name the columns/);
  });

  it('a header without a required column names the missing columns', () => {
    const e = inputError(`${HEADER.replace(',metric', '').replace(',osl', '')}\n`);
    expect(e.message).toBe('m.csv: line 1: the header lacks the required columns osl, metric');
  });

  it('a duplicated header column is an error', () => {
    expect(inputError(`${HEADER},model\n`).detail).toBe('the header names the column model twice');
  });

  it('an unknown column near a known one is refused with a did-you-mean; any other is kept', () => {
    expect(inputError(`${HEADER},datasets\n${ROW},azure-conv-2023\n`).detail).toMatch(/^unknown column datasets in the header; did you mean 'dataset'\? \(columns: model, gpu, .*, dataset; other columns are kept as they are\)$/);
    expect(parseMeasurementCsv(`${HEADER},notes\n${ROW},from a slide\n`).rows[0].columns.notes).toBe('from a slide');
  });

  it('a row with the wrong number of fields names its line and both counts', () => {
    const e = inputError(`${HEADER}\n${ROW}\n# c\n${ROW},extra\n`);
    expect(e.message).toBe('m.csv: line 4: the row has 16 fields, the header has 15');
    expect(inputError(`${HEADER}\ndoc,vllm\n`).message).toBe('m.csv: line 2: the row has 2 fields, the header has 15');
  });

  it('an unterminated quote names the line where the field opened', () => {
    expect(inputError(`${HEADER}\n${ROW}\n${ROW.replace('doc', '"doc')}\n${ROW}\n`).message).toBe('m.csv: line 3: a quoted field is never closed (missing ")');
  });
});

describe('columnText(columns, name)', () => {
  it('reads a column as trimmed text, an absent one as blank, a number as its text', () => {
    expect(columnText({ model: ' llama-3.1-8b ', line: 4 }, 'model')).toBe('llama-3.1-8b');
    expect(columnText({ model: 'x' }, 'engine')).toBe('');
    expect(columnText({ model: 'x', line: 4 }, 'line')).toBe('4');
  });
});
