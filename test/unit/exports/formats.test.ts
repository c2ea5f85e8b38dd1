import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { StateConflictError, VersionConflictError } from "../../../functions/core/errors.js";
import { money } from "../../../functions/core/exports/cells.js";
import { chunksOf, writeInChunks } from "../../../functions/core/exports/import-writes.js";
import { el } from "../../../functions/core/exports/xml-tree.js";
import { writeCsv } from "../../../functions/exports/csv.js";
import { parseCsv, readCsv } from "../../../functions/exports/read-csv.js";
import { assertUnpackable } from "../../../functions/exports/read-xlsx.js";
import { writeXml } from "../../../functions/exports/xml.js";

const table = (rows: Record<string, string | number | null>[]) => ({
  name: "T",
  title: "T",
  notes: [],
  columns: [
    { key: "a", header: "A", width: 10 },
    { key: "b", header: "B, with comma", width: 10 },
  ],
  rows,
});

describe("CSV", () => {
  it("quotes what RFC 4180 says to quote and reads it back exactly", () => {
    const values = [
      'He said "no", twice',
      "line one\nline two",
      "plain",
      "",
      "comma, here",
      "carriage\r\nreturn",
    ];
    const csv = writeCsv(table(values.map((a, i) => ({ a, b: i }))));

    expect(csv.startsWith('\uFEFFA,"B, with comma"\r\n')).toBe(true);
    expect(csv).toContain('"He said ""no"", twice",0\r\n');
    expect(
      parseCsv(csv)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(values);
  });

  it("writes text a spreadsheet would run as a formula with an apostrophe, which the reader removes", () => {
    const csv = writeCsv(
      table([
        { a: '=HYPERLINK("http://evil")', b: -5 },
        { a: "@SUM(A1)", b: null },
      ]),
    );

    expect(csv).toContain("'=HYPERLINK");
    expect(csv).toContain(",-5\r\n");
    const read = readCsv(Buffer.from(csv));
    expect(read.rows.map((r) => r.values)).toEqual([
      ['=HYPERLINK("http://evil")', "-5"],
      ["@SUM(A1)", null],
    ]);
  });

  it("numbers rows as a spreadsheet does, skips empty ones, and writes amounts without their currency", () => {
    const read = readCsv(Buffer.from('h1,h2\nx,1\n,\n"y\nz",2\n'));

    expect(read.headers).toEqual(["h1", "h2"]);
    expect(read.rows).toEqual([
      { row: 2, values: ["x", "1"] },
      { row: 4, values: ["y\nz", "2"] },
    ]);
    expect(writeCsv({ ...table([]), rows: [{ a: money(45_000.5, "USD"), b: null }] })).toContain(
      "45000.5,\r\n",
    );
  });

  it("refuses a file that ends inside a quoted field", () => {
    expect(() => parseCsv('a,"unfinished')).toThrow(/ends inside a quoted field/);
  });
});

describe("XML", () => {
  it("escapes text and attributes and drops characters XML cannot hold", () => {
    const xml = writeXml(
      el("root", { note: `a "b" & <c>` }, el("narrative", {}, "x < y & z\u0000\u0007 'q'")),
    );

    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<root note="a &quot;b&quot; &amp; &lt;c&gt;">\n  <narrative>x &lt; y &amp; z &apos;q&apos;</narrative>\n</root>\n',
    );
  });
});

describe("an uploaded .xlsx file", () => {
  /** A zip archive with one stored entry whose central directory declares `declared` unpacked bytes. */
  function zipDeclaring(declared: number): Buffer {
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    const data = deflateRawSync(Buffer.alloc(1024));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46 + name.length, 12);
    end.writeUInt32LE(30 + name.length + data.length, 16);
    return Buffer.concat([local, name, data, central, name, end]);
  }

  it("is refused before unpacking when it declares more than 50 MB", () => {
    expect(() => assertUnpackable(zipDeclaring(1024))).not.toThrow();
    expect(() => assertUnpackable(zipDeclaring(60 * 1024 * 1024))).toThrow(/unpacks to more than 50 MB/);
    expect(() => assertUnpackable(Buffer.from("plain text, no archive"))).toThrow(/not a zip archive/);
  });
});

describe("writing an import in chunks", () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ row: i + 2 }));

  it("cuts by count and by size, never leaving a chunk empty", () => {
    expect(chunksOf(rows(95), 90).map((c) => c.length)).toEqual([90, 5]);
    expect(chunksOf(rows(5), 90, () => 100, 250).map((c) => c.length)).toEqual([2, 2, 1]);
    // One item over the size budget still goes, alone.
    expect(chunksOf(rows(2), 90, () => 1000, 250).map((c) => c.length)).toEqual([1, 1]);
  });

  it("says which rows were saved and which not when a later chunk meets a concurrent change", async () => {
    const written: number[][] = [];
    const attempt = writeInChunks(chunksOf(rows(5), 2), async (chunk) => {
      if (written.length === 1) throw new VersionConflictError("the record x is at version 3, not 2");
      written.push(chunk.map((c) => c.row));
    });

    await expect(attempt).rejects.toBeInstanceOf(StateConflictError);
    await expect(attempt).rejects.toMatchObject({
      code: "import_interrupted",
      details: { savedRows: [2, 3], unsavedRows: [4, 5, 6] },
      message: expect.stringContaining("rows 2-3 were saved, rows 4-6 were not"),
    });
  });

  it("lets the first chunk's failure through as it is: nothing was written", async () => {
    const attempt = writeInChunks(chunksOf(rows(3), 2), async () => {
      throw new VersionConflictError("stale");
    });

    await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
  });
});
