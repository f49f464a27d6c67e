/**
 * The rows of one area in an official table with its second dimension in rows (12411-02-03-4: one row
 * per Kreis and age group). Such a table is only right when each area's rows stand one below the
 * other, each label (age group) once, and every area has every label the table has: a missing row
 * would silently lose an age group (anteil_u18 from four of five bands), a second row would overwrite
 * the first. This bookkeeping lets importTabelle refuse both with the lines concerned.
 *
 * Pure: rows are 0-based grid rows; messages say 1-based Zeilen as the file shows them.
 */

/** One area's rows: where they start and end, and the row of each label. */
interface Block {
  erste: number;
  letzte: number;
  /** label key → 0-based row */
  zeilen: Map<string, number>;
}

export type BlockAntwort =
  /** first row of an area: count it as read */
  | { art: 'neu' }
  /** a further row of the area just read */
  | { art: 'weiter' }
  /** refuse the row: the label already stood for this area, or the area's rows are split up */
  | { art: 'doppelt'; grund: string };

export class Gebietsbloecke {
  private readonly bloecke = new Map<string, Block>();
  private aktuell: string | null = null;

  /**
   * A row of `gebiet` with the label `schluessel` (`anzeige` for messages). The messages leave the area
   * out: the caller's finding names it.
   */
  zeile(gebiet: string, r: number, schluessel: string, anzeige: string): BlockAntwort {
    const block = this.bloecke.get(gebiet);
    if (block && this.aktuell !== gebiet) {
      this.aktuell = null;
      return {
        art: 'doppelt',
        grund: `Das Gebiet stand schon in ${zeilenText(block)}; die Zeilen eines Gebiets stehen untereinander, jedes Gebiet nur einmal`,
      };
    }
    if (block) {
      const vorher = block.zeilen.get(schluessel);
      if (vorher !== undefined) return { art: 'doppelt', grund: `„${anzeige}“ steht für dieses Gebiet schon in Zeile ${vorher + 1}; jede Zeile nur einmal je Gebiet` };
      block.zeilen.set(schluessel, r);
      block.letzte = r;
      return { art: 'weiter' };
    }
    this.bloecke.set(gebiet, { erste: r, letzte: r, zeilen: new Map([[schluessel, r]]) });
    this.aktuell = gebiet;
    return { art: 'neu' };
  }

  /** The row of `gebiet` without a usable label still belongs to its block (for the lines named). */
  ohneBeschriftung(gebiet: string, r: number): void {
    const block = this.bloecke.get(gebiet);
    if (block && this.aktuell === gebiet) block.letzte = r;
  }

  /** A row of another area (outside the tree, a refused row) ends the current block. */
  unterbrechen(): void {
    this.aktuell = null;
  }

  /**
   * Areas that lack some of the table's labels (`alle`: every label key in the table's order with its
   * text), each with its first row and a German reason naming its lines and the missing labels.
   */
  unvollstaendig(alle: readonly { schluessel: string; anzeige: string }[]): { gebiet: string; erste: number; grund: string }[] {
    const aus: { gebiet: string; erste: number; grund: string }[] = [];
    for (const [gebiet, block] of this.bloecke) {
      const fehlt = alle.filter((b) => !block.zeilen.has(b.schluessel));
      if (fehlt.length === 0) continue;
      aus.push({
        gebiet,
        erste: block.erste,
        grund:
          `In ${zeilenText(block)} ${fehlt.length === 1 ? 'fehlt die Zeile' : 'fehlen die Zeilen'} ${fehlt.map((b) => `„${b.anzeige}“`).join(', ')} ` +
          `(die Tabelle hat je Gebiet ${alle.length} Zeilen); ohne sie fehlten Werte dieses Gebiets. Bitte die Tabelle vollständig abrufen`,
      });
    }
    return aus;
  }
}

const zeilenText = (b: Block): string => (b.erste === b.letzte ? `Zeile ${b.erste + 1}` : `den Zeilen ${b.erste + 1}–${b.letzte + 1}`);
