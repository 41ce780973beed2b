// The text of a PDF as pdf.js (Firefox's viewer) extracts it: one line per text item
// that ends a line, a form feed after each page. node pdfjs_text.mjs PDFJS_MODULE_URL FILE
const [pdfjsPath, file] = process.argv.slice(2);
const pdfjs = await import(pdfjsPath);
const fs = await import("node:fs");
const data = new Uint8Array(fs.readFileSync(file));
const doc = await pdfjs.getDocument({ data, useSystemFonts: false, verbosity: 0 }).promise;
let out = "";
for (let n = 1; n <= doc.numPages; n++) {
  const content = await (await doc.getPage(n)).getTextContent();
  for (const item of content.items) out += item.str + (item.hasEOL ? "\n" : "");
  out += "\n\f";
}
process.stdout.write(out);
