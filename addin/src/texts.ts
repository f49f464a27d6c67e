import { ERKLAERUNG_GESPERRT, LEGENDE_GESPERRT } from '../../shared/disclosure/zeichen';
import { deNumber } from '../../shared/types';

/** numbers in texts: the shared German format (1.234) */
const de = deNumber;
/** „1 Person“, „2 Personen“ */
const anzahl = (n: number, eins: string, mehr: string) => `${de(n)} ${n === 1 ? eins : mehr}`;

/**
 * Every German text of the task pane in one place (the clerks read German; code stays English).
 * Functions where a text carries numbers or names.
 */
export const T = {
  appTitle: 'Sozialmonitor',
  vorschauHinweis:
    'Browser-Vorschau: Dieser Aufgabenbereich läuft ohne Excel. Die Arbeitsmappe existiert nur im Speicher dieser Seite und wird unten angezeigt.',
  tabs: { verbindung: 'Verbinden', abruf: 'Kennzahlen abrufen', erfassung: 'Erfassen und übermitteln', einwohner: 'Einwohnerdaten' },

  // Verbinden
  serverUrl: 'Server-Adresse',
  token: 'Zugangs-Token',
  tokenHinweis: 'Das Token wird nur in diesem Browserprofil gespeichert, nicht in der Excel-Datei.',
  verbinden: 'Verbinden',
  trennen: 'Abmelden',
  verbindet: 'Verbindung wird geprüft …',
  verbunden: (rolle: string, server: string, katalog: string) => `Verbunden mit ${server} als ${rolle} (Katalog ${katalog}).`,
  demoHinweis: 'Der Server enthält Demodaten (synthetisch, keine echten Werte).',
  rolle: { kreis: 'Kreis', kommune: (ags: string, name: string) => `Kommune ${name} (${ags})`, leser: 'Lesezugriff' },
  urlUngueltig: (url: string) => `„${url}“ ist keine gültige Adresse; erwartet wird z. B. https://sozialmonitor.kreis.de`,
  tokenFehlt: 'Bitte das Zugangs-Token eingeben (vom Kreis erhalten).',
  nichtVerbunden: 'Bitte zuerst im Reiter „Verbinden“ anmelden.',

  // Fehler der Verbindung
  netzwerk: (server: string) =>
    `Der Server ${server} ist nicht erreichbar. Bitte Adresse und Netzwerk prüfen; ist der Server gestartet?`,
  tokenUngueltig: 'Das Zugangs-Token ist ungültig, abgelaufen oder widerrufen. Bitte beim Kreis ein neues Token anfordern.',
  zuVieleVersuche: 'Zu viele fehlgeschlagene Anmeldungen. Bitte einige Minuten warten und das Token prüfen.',
  keineAntwort: (status: number) => `Der Server antwortete unerwartet (HTTP ${status}).`,
  keinJson: (status: number) => `Der Server antwortete nicht mit Daten (HTTP ${status}); ist die Adresse die des Sozialmonitor-Servers?`,
  keinSozialmonitor: 'Unter dieser Adresse antwortet kein Sozialmonitor-Server (/api/health fehlt).',

  // Auswahl
  kennzahlenWaehlen: 'Kennzahlen wählen',
  suche: 'Suchen (Name, Kennung, Definition)',
  gebieteWaehlen: 'Gebiete wählen',
  zeitraum: 'Zeitraum (Berichtsjahre)',
  formel: 'Formel',
  einheit: 'Einheit',
  quelle: 'Quelle der Definition',
  datenquellen: 'Daten von',
  ausgewaehlt: (n: number, was: string) => `${n} ${was} ausgewählt`,
  alleGemeindeteile: (stadt: string) => `alle Gemeindeteile von ${stadt}`,
  alleBaublocke: (name: string) => `alle Baublöcke von ${name}`,
  aufklappen: (name: string) => `${name} aufklappen`,
  zuklappen: (name: string) => `${name} zuklappen`,
  auswahlLeeren: 'Auswahl leeren',
  kreisfreieStaedte: 'Kreisfreie Städte',
  gebietSuche: 'Gebiet finden (Name oder Code)',
  gebietTreffer: (n: number, weitere: number) =>
    n === 0 ? 'Kein Gebiet passt zur Suche.' : `${anzahl(n, 'Gebiet gefunden', 'Gebiete gefunden')}${weitere > 0 ? `, ${de(weitere)} weitere nicht angezeigt (bitte genauer suchen)` : ''}.`,
  format: 'Tabellenform',
  breit: 'Eine Zeile je Gebiet und Jahr, eine Spalte je Kennzahl',
  lang: 'Langformat (eine Zeile je Gebiet, Jahr und Kennzahl)',
  abrufen: 'Abrufen',
  aktualisieren: 'Aktualisieren',
  gespeicherteAbrufe: 'Abrufe in dieser Arbeitsmappe',
  keineAbrufe: 'Noch keine Abrufe in dieser Arbeitsmappe.',
  abrufFehlt: 'Bitte mindestens eine Kennzahl, ein Gebiet und ein Jahr wählen.',
  laedt: (was: string) => `${was} wird geladen …`,
  laedtGebiete: (done: number, total: number, jahr: { jahr: number; von: number } | null) =>
    `Kennzahlen werden geladen: ${jahr ? `Jahr ${jahr.jahr} von ${jahr.von}, ` : ''}${deNumber(done)} von ${deNumber(total)} Gebieten …`,
  schreibt: (done: number, total: number) => `Schreibe Zeilen ${deNumber(done)} von ${deNumber(total)} …`,
  abgerufen: (rows: number, sheet: string) => `${deNumber(rows)} Zeilen in das Blatt „${sheet}“ geschrieben.`,
  diagramm: 'Diagramm',
  balken: 'Balkendiagramm über Gebiete',
  linie: 'Liniendiagramm über Jahre',
  diagrammKennzahl: 'Kennzahl für das Diagramm',
  diagrammEinfuegen: 'Diagramm einfügen',
  sozialbericht: 'Im Sozialbericht ansehen',
  sozialberichtHinweis: 'Karten, Diagramme und Tabellen des gemeinsamen Sozialberichts (nur veröffentlichte Werte) öffnen im Browser:',
  sozialberichtKapitel: (kapitel: string, jahr: string | undefined) => `${kapitel}${jahr ? ` (${jahr})` : ''}`,
  diagrammFertig: (sheet: string) => `Diagramm im Blatt „${sheet}“ eingefügt.`,
  keinAbrufFuerDiagramm: 'Für ein Diagramm zuerst Kennzahlen abrufen.',

  // Tabellenkopf eines Abrufs
  abrufTitel: 'Sozialmonitor – Kennzahlen',
  abrufInfo: (server: string, katalog: string, zeit: string, demo: boolean) =>
    `Abgerufen ${zeit} von ${server}, Kennzahlenkatalog ${katalog}${demo ? ' – DEMODATEN, keine echten Werte' : ''}`,
  zeichenerklaerung:
    `Zeichen: ${LEGENDE_GESPERRT}; sonst „.“ = Wert unbekannt, „x“ = Wert nicht sinnvoll (Nenner 0 oder Ebene zu fein), der Grund steht in der Spalte „Hinweise“ und als Kommentar.`,
  kennzahlKopf: (name: string, einheit: string, definition: string, formel: string, quelle: string, daten: string) =>
    `${name} (${einheit}): ${definition} Formel: ${formel}. Definition: ${quelle}. Daten: ${daten}.`,
  spalte: {
    code: 'Gebietscode', gebiet: 'Gebiet', ebene: 'Ebene', jahr: 'Jahr', kennzahl: 'Kennzahl', name: 'Name', wert: 'Wert',
    einheit: 'Einheit', zaehler: 'Zähler', nenner: 'Nenner', status: 'Status', hinweise: 'Hinweise',
  },
  // the same for every suppressed value: the server sends no reason to whom it hides a value
  gesperrt: ERKLAERUNG_GESPERRT,
  // raw values (Kreis, own Stadt) that readers get as "."; the reason for the Kreis's review
  fuerLeserGesperrt: (sperre: string, grund: string) =>
    `Für Leser „.“ (Geheimhaltung, ${sperre === 'primaer' ? 'primär' : sperre === 'sekundaer' ? 'sekundär' : sperre}: ${grund})`,
  ohneWert: {
    fehlende_werte: 'Werte fehlen',
    nenner_null: 'Nenner ist 0',
    ebene_nicht_verfuegbar: 'auf dieser Ebene nicht verfügbar',
    unbekannt: 'unbekannt',
    altersschnitt_fehlt: 'Altersgrenze fehlt in den gelieferten Altersgruppen',
  } as Record<string, string>,

  // Erfassung
  vorlage: 'Erfassungsvorlage',
  vorlageEbene: 'Ebene der Vorlage',
  vorlageJahr: 'Berichtsjahr',
  merkmaleWaehlen: 'Merkmale (Grundzahlen) für die Vorlage',
  merkmalSuche: 'Merkmal finden (Name oder Kennung)',
  alleAltersgruppen: (n: number) => `alle ${n} Altersgruppen`,
  keineAltersgruppen: 'keine Altersgruppen',
  alleImFeld: (n: number) => `alle ${n} wählen`,
  keinMerkmalPasst: 'Kein Merkmal passt zur Suche.',
  // Altersgruppen der Vorlage: die 14 des Katalogs oder eigene Grenzen (plans/altersgrenzen.ts)
  altersgruppenArt: 'Altersgruppen',
  altersgruppenKatalog: (n: number) => `Katalog (${n})`,
  altersgruppenEigene: 'eigene Grenzen',
  altersgrenzen: 'Altersgrenzen (Beginn jeder Gruppe, durch Komma getrennt)',
  altersgrenzenHilfe: 'z. B. „0, 3, 6, 10, 15, 18, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 75“: jede Zahl beginnt eine Gruppe, die letzte reicht bis „und älter“. Einzelne Bereiche wie „0-17, 65+“ lassen Alter aus.',
  altersgrenzenSpalten: (n: number, spalten: string) => `${n} Spalten anstelle der 14 des Katalogs: ${spalten}.`,
  altersgrenzenLuecke: (luecken: string) => `Diese Alter stehen in keiner Gruppe: ${luecken}. Die Gruppen ergeben dann zusammen weniger als die Bevölkerung.`,
  altersgrenzenFehler: (grund: string) => `Altersgrenzen: ${grund} Es wurde nichts angelegt.`,
  altersLueckeTitel: 'Altersgruppen mit Lücke',
  altersLueckeFrage: (luecken: string) => `Diese Alter stehen in keiner der eigenen Altersgruppen: ${luecken}. Die Vorlage trotzdem so anlegen?`,
  altersLueckeJa: 'Ja, mit Lücke anlegen',
  altersLueckeNein: 'Nein, Grenzen ändern',
  altersLueckeNicht: 'Es wurde nichts angelegt. Bitte die Altersgrenzen ergänzen (oder die Lücke bestätigen).',
  vorlageErstellen: 'Vorlage anlegen',
  vorlageNurKommune: 'Eine Erfassungsvorlage legt eine Kommune für ihre eigene Stadt an; mit diesem Token bitte die Stadt wählen.',
  vorlageStadt: 'Stadt',
  vorlageFertig: (sheet: string, rows: number) => `Vorlage „${sheet}“ mit ${rows} Gebieten angelegt. Die grauen Spalten sind geschützt.`,
  vorlageTitel: (stadt: string, jahr: string) => `Erfassung ${stadt}, Berichtsjahr ${jahr}`,
  vorlageInfo: (katalog: string, rev: number) =>
    `Kennzahlenkatalog ${katalog}; Stand des Servers bei Anlage: Revision ${rev}. Bitte nur ganze Zahlen ab 0 eintragen; leere Zellen werden nicht gemeldet.`,
  eingabeTitel: (name: string) => name.slice(0, 32),
  eingabeHilfe: (definition: string, max: number, einheit: string) =>
    `${definition} Ganze Zahl von 0 bis ${deNumber(max)} (${einheit}).`.slice(0, 255),
  eingabeFehlerTitel: 'Ungültiger Wert',
  eingabeFehler: (name: string, max: number) =>
    `${name}: bitte eine ganze Zahl von 0 bis ${deNumber(max)} eintragen.`.slice(0, 255),
  pruefen: 'Prüfen',
  pruefenBlatt: 'Erfassungsblatt',
  keineVorlage: 'In dieser Arbeitsmappe gibt es noch keine Erfassungsvorlage.',
  pruefungOk: (rows: number) => `Keine Fehler: ${deNumber(rows)} Werte können übermittelt werden.`,
  pruefungFehler: (f: number, w: number) => `${f} Fehler und ${w} Warnungen. Ein Klick auf einen Eintrag wählt die Zelle aus.`,
  zelle: (addr: string) => `Zelle ${addr}`,
  befundeInBlatt: 'Liste in neues Blatt schreiben',
  befundeWeitere: (n: number) => `… und ${de(n)} weitere; die ganze Liste mit „Liste in neues Blatt schreiben“`,
  befundeGeschrieben: (n: number, sheet: string) => `${de(n)} Befunde in das Blatt „${sheet}“ geschrieben.`,
  kopfFehlt: (sheet: string) => `Im Blatt „${sheet}“ fehlt die Kopfzeile mit „Gebietscode“ in Spalte A; bitte die Vorlage neu anlegen.`,
  uebermitteln: 'Übermitteln',
  sendet: 'Wird übermittelt …',
  quittung: (rev: number, rows: number, id: number) =>
    `Übermittelt: ${deNumber(rows)} Werte angenommen, neue Revision ${rev} (Meldung Nr. ${id}).`,
  quittungWiederholt: 'Der Server hatte diese Meldung schon erhalten; sie wurde nicht doppelt gespeichert.',
  erstPruefen: 'Die Prüfung hat Fehler gefunden; bitte erst korrigieren und erneut prüfen.',
  konflikt: (stadt: string) => `Seit dem Anlegen der Vorlage wurde für ${stadt} auf dem Server neu gemeldet. Es wurde nichts gespeichert, damit keine Änderung verloren geht. Bitte wählen, welche Werte gelten sollen.`,
  konfliktZeile: (who: string, when: string, rows: number) => `${who} am ${when}: ${anzahl(rows, 'Wert', 'Werte')}`,
  ueberschneidung: (n: number) => `${n === 1 ? 'Eine Ihrer Zellen wurde' : `${de(n)} Ihrer Zellen wurden`} inzwischen anders gemeldet:`,
  keineUeberschneidung: 'Keine Ihrer Zellen wurde anders gemeldet; die neuen Meldungen betreffen andere Werte.',
  konfliktSpalten: { gebiet: 'Gebiet', merkmal: 'Merkmal', meinWert: 'Ihr Wert', server: 'Server' },
  leer: 'leer',
  meineWerteSenden: 'Meine Werte senden',
  serverWerteUebernehmen: 'Werte vom Server übernehmen',
  abbrechen: 'Abbrechen',
  nichtGesendet: 'Nicht gesendet. Ihre Werte stehen weiter im Blatt; beim nächsten Übermitteln wird der aktuelle Stand des Servers erneut verglichen und Sie können wieder wählen.',
  serverWerteUebernommen: (n: number, sheet: string) =>
    `${anzahl(n, 'Wert', 'Werte')} vom Server in das Blatt „${sheet}“ übernommen. Die Vorlage ist jetzt auf dem Stand des Servers; weitere Korrekturen können übermittelt werden.`,
  // Überschreiben nur nach Rückfrage
  blattGibtEs: (sheet: string) => `Das Blatt „${sheet}“ gibt es schon.`,
  blattFrage: 'Soll es ersetzt werden (sein Inhalt geht verloren) oder ein neues Blatt angelegt werden? Andere Blätter der Arbeitsmappe bleiben in jedem Fall unverändert.',
  ersetzen: 'Ersetzen',
  neuesBlatt: (sheet: string) => `Neues Blatt „${sheet}“`,
  abbrechenKurz: 'Abbrechen',
  jahrFrageTitel: 'Berichtsjahr in der Zukunft',
  jahrFrageJa: 'Ja, Jahr ist richtig',
  jahrFrageNein: 'Nein, Jahr ändern',
  jahrNichtBestaetigt: (jahr: string) => `Es wurde nichts angelegt. Bitte das Berichtsjahr ${jahr} im Feld „Berichtsjahr“ korrigieren.`,
  nichtsGeschrieben: (sheet: string) => `Abgebrochen: das Blatt „${sheet}“ bleibt, wie es ist.`,
  // Vorausgefüllte Korrektur
  vorausgefuellt: (stand: string) => `Vorausgefüllt mit den Werten vom Server, Stand ${stand}. Hellgrün hinterlegte Zellen mit der Notiz „Wert vom Server“ kommen vom Server.`,
  wertVomServer: (stand: string) => `Wert vom Server (Stand ${stand})`,
  legendeVorbelegt: (notiz: string) => `Hellgrün hinterlegt: ${notiz} – schon eingetragen; bitte nur ändern, was zu korrigieren ist.`,
  vorlageVorausgefuellt: (sheet: string, rows: number, n: number, stand: string) =>
    `Vorlage „${sheet}“ mit ${rows} Gebieten angelegt, vorausgefüllt mit ${anzahl(n, 'Wert', 'Werten')} vom Server (Stand ${stand}). Korrigieren Sie nur die Zellen, die falsch sind.`,
  warteschlange: (n: number) =>
    `${n} Meldung${n === 1 ? '' : 'en'} wartet auf Übermittlung (Server war nicht erreichbar). Sie wird mit demselben Schlüssel wiederholt und nie doppelt gespeichert.`,
  erneutVersuchen: 'Jetzt erneut senden',
  abgelehnt: (n: number) => `Der Server hat die Meldung abgelehnt (${n} Fehler); es wurde nichts gespeichert.`,

  // Einwohnerdaten (Auszählung im Aufgabenbereich)
  ew: {
    hinweis:
      'Die Dateien werden nur hier im Aufgabenbereich gelesen und ausgezählt. Daten zu Personen verlassen diesen Rechner nicht; an den Server gehen erst mit „Übermitteln“ die Zahlen je Gebiet.',
    dateien: 'Dateien',
    bestand: 'Einwohner-Bestand (CSV, Pflicht)',
    bewegungen: 'Einwohner-Bewegungen (CSV, freiwillig)',
    zuordnung: 'Zuordnungstabelle Adresse → Baublock (CSV, Pflicht)',
    zuordnungHilfe:
      'Sagt für jede Adresse, in welchem Baublock und Gemeindeteil sie liegt. Sie wird aus den amtlichen Hauskoordinaten (Lage jedes Gebäudes) und den Baublock-Grenzen der Gebietsgliederung berechnet – mit dem Befehl „sozialmonitor geo zuordnen“, meist einmal im Jahr von der Statistikstelle oder vom Kreis. Bitte dort nach der aktuellen Datei fragen.',
    ohneBaublock: (gemeindeteil: number, stadt: number, ebene: string) =>
      `${anzahl(gemeindeteil + stadt, 'Person', 'Personen')} ohne Baublock ${gemeindeteil + stadt === 1 ? 'steht' : 'stehen'} nicht in dieser Vorlage der Ebene ${ebene}, ${gemeindeteil + stadt === 1 ? 'geht' : 'gehen'} aber nicht verloren: ` +
      [gemeindeteil > 0 ? `${de(gemeindeteil)} (Gemeindeteil bekannt) in der Vorlage der Ebene Gemeindeteil` : '', stadt > 0 ? `${de(stadt)} (nur die Stadt bekannt) nur in der Vorlage der Ebene Stadt` : '']
        .filter(Boolean).join(', ') + '. Bitte auch diese Vorlage übernehmen und übermitteln.',
    stichtag: 'Stichtag (TT.MM.JJJJ)',
    stichtagHilfe: 'Bestand am Stichtag; Bewegungen im Jahr bis zum Stichtag.',
    aufbereiten: 'Aufbereiten',
    dateiFehlt: (was: string) => `Bitte die Datei „${was}“ wählen.`,
    name: { bestand: 'Einwohner-Bestand', zuordnung: 'Zuordnungstabelle' },
    stichtagFehlt: 'Bitte den Stichtag eintragen (TT.MM.JJJJ), z. B. 31.12. des Berichtsjahres.',
    // eigene Altersgrenzen der Zählung (shared/register/altersbaender.ts)
    altersgrenzenHilfe:
      'z. B. „6, 15, 18, 27, 45, 55, 65“ (Berliner Planungsräume): jede Zahl beginnt eine Gruppe, die erste beginnt immer bei 0, die letzte reicht bis „und älter“. Gezählt wird jede Person; Gruppen mit Lücken gehen darum nicht.',
    altersgrenzenFehler: (grund: string) => `Altersgrenzen: ${grund} Es wurde nichts gezählt.`,
    stichtagAusserhalb: (stichtag: string, jahr: string) =>
      `Der Stichtag ${stichtag} liegt nicht im Berichtsjahr ${jahr}. Bitte prüfen, ob Stichtag und Berichtsjahr zusammenpassen.`,
    mitFehlern: (n: number) => `${anzahl(n, 'fehlerhafte Zeile wurde', 'fehlerhafte Zeilen wurden')} übersprungen (siehe Befunde unten).`,
    liest: (datei: string) => `Lese ${datei} …`,
    sucheZeilen: (datei: string) => `Suche in ${datei} die Zeilen der Gebiete, die die Gebietsgliederung nicht kennt …`,
    zaehlt: (datei: string, zeilen: number) => `${datei}: ${deNumber(zeilen)} Zeilen gelesen …`,
    abgebrochen: (grund: string) => `Aufbereitung abgebrochen, es wurde nichts gezählt: ${grund}`,
    haushalteBilden: (zeilen: number) => `${deNumber(zeilen)} Zeilen gelesen; Haushalte werden gebildet und Gebiete gezählt …`,
    nichtLesbar: (datei: string, grund: unknown) =>
      `Die Datei „${datei}“ ließ sich nicht lesen (${grund instanceof Error ? grund.message : String(grund)}). Wurde sie nach der Auswahl geändert, verschoben oder gelöscht? Bitte die Datei neu auswählen.`,
    ergebnis: 'Ergebnis der Aufbereitung',
    fertig: (zeilen: number) => `Aufbereitet: ${deNumber(zeilen)} Werte (Zahlen je Gebiet und Merkmal). Die Dateien wurden nicht übertragen.`,
    bestandZeile: (datei: string, kodierung: string | undefined, zeilen: number, personen: number, nebenwohnung: number, uebersprungen: number) =>
      `Bestand ${datei}${kodierung ? ` (${kodierung})` : ''}: ${anzahl(zeilen, 'Zeile', 'Zeilen')} gelesen, ${anzahl(personen, 'Person', 'Personen')} mit Hauptwohnung gezählt, ${anzahl(nebenwohnung, 'Nebenwohnung', 'Nebenwohnungen')} nicht gezählt, ${anzahl(uebersprungen, 'Zeile', 'Zeilen')} übersprungen.`,
    bewegungenZeile: (datei: string, zeilen: number, gezaehlt: number, ausserhalb: number, uebersprungen: number, zeitraum: string) =>
      `Bewegungen ${datei}: ${anzahl(zeilen, 'Zeile', 'Zeilen')}, ${anzahl(gezaehlt, 'Ereignis', 'Ereignisse')} im Zeitraum ${zeitraum} gezählt, ${de(ausserhalb)} außerhalb des Zeitraums, ${anzahl(uebersprungen, 'Zeile', 'Zeilen')} übersprungen.`,
    abgleich: (baublock: number, gemeindeteil: number, strasse: number, ohne: number) =>
      `Adressabgleich: ${de(baublock)} Personen einem Baublock zugeordnet, ${de(gemeindeteil)} nur einem Gemeindeteil (Tabelle), ${de(strasse)} über die Straße einem Gemeindeteil, ${de(ohne)} nur der Stadt.`,
    haushalte: (hh: number, personen: number, minderjaehrige: number, andereAdresse: number) =>
      `Haushalte: ${de(hh)} aus ${de(personen)} Personen gebildet; ${de(minderjaehrige)} Minderjährige ohne Verknüpfung allein gezählt; ${de(andereAdresse)} Ehegatten-Verweise an andere Adressen.`,
    nichtZugeordnet: (n: number) => `${de(n)} Adressen fehlen in der Zuordnungstabelle`,
    adresse: (ags: string, strasse: string, nr: string, personen: number, ereignisse: number, ziel: string | null) =>
      `${ags} Straße ${strasse} Nr. ${nr}: ${anzahl(personen, 'Person', 'Personen')}, ${anzahl(ereignisse, 'Ereignis', 'Ereignisse')} → ${ziel ? `Gemeindeteil ${ziel} (über die Straße)` : 'nur Stadt'}`,
    befunde: (fehler: number, warnungen: number) => `${de(fehler)} Fehler (Zeilen übersprungen), ${anzahl(warnungen, 'Warnung', 'Warnungen')}`,
    weitere: (n: number) => `… und ${de(n)} weitere`,
    // Übernahme in die Vorlage
    uebernehmen: 'In Erfassungsvorlage übernehmen',
    vorschau: (merkmale: number, gebiete: number, ebene: string, stadt: string) =>
      `Für ${stadt}, Ebene ${ebene}: ${de(merkmale)} Merkmale für ${de(gebiete)} Gebiete werden eingetragen.`,
    herkunft: (bestand: string, stichtag: string) =>
      `Vorbelegt aus den Einwohnermeldedaten (${bestand}, Stichtag ${stichtag}), im Aufgabenbereich ausgezählt. Die Werte können vor dem Übermitteln geändert werden.`,
    ohneWert: (n: number) => `${de(n)} Gebiete ohne Wert in den Dateien: ihre Zeilen bleiben leer (werden nicht gemeldet).`,
    andereEbenen: (n: number) => `${de(n)} Werte anderer Ebenen gehören nicht in diese Vorlage.`,
    ausgelassen: 'Nicht übernommen:',
    keinMerkmal: (id: string, version: string) => `„${id}“: kein Merkmal des Katalogs ${version}`,
    zuFein: (id: string, tiefste: string, ebene: string) => `„${id}“: wird nur bis zur Ebene ${tiefste} erfasst, nicht je ${ebene}`,
    andereStadt: (code: string, name: string, werte: number, personen: number | null) =>
      `Gebiet ${code} (${name}) gehört nicht zu Ihrer Stadt: ${anzahl(werte, 'Wert', 'Werte')}${personen !== null ? ` (${anzahl(personen, 'Person', 'Personen')})` : ''} nicht eingetragen`,
    unbekannt: (code: string, fundstelle: { datei: string; zeile: number | undefined }, werte: number, personen: number | null) =>
      `Gebiet ${code} gibt es in der Gebietsgliederung nicht (Zuordnungstabelle ${fundstelle.datei}${fundstelle.zeile !== undefined ? `, Zeile ${de(fundstelle.zeile)}` : ''}): ${anzahl(werte, 'Wert', 'Werte')}${personen !== null ? ` (${anzahl(personen, 'Person', 'Personen')})` : ''} nicht eingetragen. Bitte den Code in der Zuordnungstabelle prüfen oder das Gebiet in die Gebietsgliederung aufnehmen lassen.`,
    nichtsZuUebernehmen: (stadt: string, ebene: string) => `Für ${stadt} gibt es auf der Ebene ${ebene} keine Werte zum Übernehmen; passt die Zuordnungstabelle zur Stadt?`,
    // Excel allows 31 characters: the variable parts first, the Stadt may be cut
    blatt: (period: string, ebene: string, stadt: string) => `EW ${period} ${ebene} ${stadt}`,
    uebernommen: (sheet: string, gebiete: number, werte: number) =>
      `Vorlage „${sheet}“ aus den Einwohnerdaten angelegt: ${de(werte)} Werte in ${de(gebiete)} Gebieten eingetragen. Bitte prüfen und übermitteln.`,
    erstAufbereiten: 'Bitte zuerst die Dateien aufbereiten.',
    veraltet: 'Dateien oder Stichtag wurden seit der Aufbereitung geändert; bitte erneut „Aufbereiten“.',
  },
  // Quelltabelle übernehmen (eine in Excel geöffnete Tabelle, z. B. kleinräumige Daten der BA)
  qt: {
    titel: 'Quelltabelle übernehmen',
    hinweis:
      'Eine Tabelle, die in dieser Arbeitsmappe geöffnet ist (z. B. kleinräumige Daten der Bundesagentur für Arbeit: eine Zeile je Gemeindeteil, eine Spalte je Merkmal), wird in eine Erfassungsvorlage übernommen. Danach wie gewohnt prüfen und übermitteln.',
    blatt: 'Blatt mit der Quelltabelle',
    keinBlatt: '(kein Blatt mit Daten)',
    neuEinlesen: 'Blätter neu einlesen',
    kopfzeile: 'Kopfzeile (Zeilennummer)',
    kopfzeileHilfe: 'Die Zeile mit den Spaltenüberschriften; wird erkannt und kann geändert werden.',
    keineKopfzeile: (blatt: string) => `Im Blatt „${blatt}“ wurde keine Kopfzeile erkannt; bitte die Zeilennummer der Spaltenüberschriften eintragen.`,
    gebietsspalte: 'Spalte mit dem Gebiet (Code oder Name)',
    spalten: 'Spalten und Merkmale',
    nichtUebernehmen: '– nicht übernehmen –',
    spalteLabel: (adresse: string, kopf: string) => `Spalte ${adresse}: ${kopf}`,
    vorgeschlagen: 'vorgeschlagen',
    gemerkt: (gebietsspalte: string) => `Die Zuordnung vom letzten Mal (Gebietsspalte „${gebietsspalte}“) wurde übernommen.`,
    uebernehmen: 'Übernehmen',
    liest: (blatt: string) => `Lese Blatt „${blatt}“ …`,
    datei: 'Diese Arbeitsmappe',
    keinMerkmalGewaehlt: 'Bitte mindestens einer Spalte ein Merkmal zuordnen.',
    abgebrochen: (n: number) =>
      `Übernahme abgebrochen: ${anzahl(n, 'Zelle ist', 'Zellen sind')} fehlerhaft (Liste unten; ein Klick wählt die Zelle aus). Es wurde keine Vorlage geschrieben. Bitte die Tabelle oder die Zuordnung korrigieren und erneut übernehmen.`,
    befunde: 'Befunde der Quelltabelle',
    keineWerte: (stadt: string) => `Die Tabelle enthält keine Werte für Gemeindeteile oder Baublöcke von ${stadt}.`,
    vorlageBlatt: (period: string, ebene: string, stadt: string) => `QT ${period} ${ebene} ${stadt}`,
    herkunft: (blatt: string, zusammenfassung: string) =>
      `Vorbelegt aus der Quelltabelle im Blatt „${blatt}“ (${zusammenfassung}). Zellen mit „*“ und anderen Zeichen der Quelle bleiben leer.`,
    uebernommen: (sheet: string, gebiete: number, werte: number, warnungen: number) =>
      `Vorlage „${sheet}“ aus der Quelltabelle angelegt: ${de(werte)} Werte in ${anzahl(gebiete, 'Gebiet', 'Gebieten')} eingetragen` +
      `${warnungen ? `; ${anzahl(warnungen, 'Hinweis', 'Hinweise')} siehe unten (diese Zellen bleiben leer)` : ''}. Bitte prüfen und übermitteln.`,
    andereEbenen: (n: number, ebene: string) => `${anzahl(n, 'Wert', 'Werte')} anderer Ebenen gehören nicht in die Vorlage (Ebene ${ebene}) und wurden nicht eingetragen.`,
    nichtEingetragen: (code: string, name: string | undefined, zelle: string | undefined, werte: number) =>
      `${zelle ? `Zelle ${zelle}: ` : ''}${name !== undefined ? `Gebiet ${name} (${code}) gehört nicht zu Ihrer Stadt` : `Gebiet ${code} gibt es in der Gebietsgliederung nicht`}: ${anzahl(werte, 'Wert', 'Werte')} nicht eingetragen`,
    amtlichErkannt: (titel: string | null, nummer: string | null, stichtag: string | null, gebiete: number, ausserhalb: number) =>
      `Amtliche Tabelle erkannt: ${titel ?? 'ohne Titel'}${nummer ? ` (${nummer})` : ''}${stichtag ? `, Stichtag ${stichtag}` : ''} – keine Zuordnung nötig; ` +
      `${anzahl(gebiete, 'Gebiet', 'Gebiete')} der Gebietsgliederung${ausserhalb ? `, ${de(ausserhalb)} außerhalb übersprungen` : ''}.`,
    amtlichFuellt: (stadt: string, ebene: string, merkmale: string) => `Die Vorlage für ${stadt} (Ebene ${ebene}) bekommt: ${merkmale}.`,
    amtlichNichtInVorlage: (merkmale: string) => `Nicht in die Vorlage: ${merkmale}.`,
    amtlichKeineZeile: (stadt: string) => `Die Tabelle hat keine Zeile für ${stadt} (nur für andere Gebiete, z. B. den Kreis); daraus wird keine Vorlage für ${stadt}.`,
    amtlichAehnlich: (grund: string) => `Das Blatt sieht wie eine amtliche Tabelle aus, lässt sich aber nicht ohne Zuordnung lesen: ${grund}.`,
    amtlichNichtMehr: (grund: string) => `Das Blatt wird nicht mehr als amtliche Tabelle erkannt (geändert?): ${grund}. Es wurde keine Vorlage geschrieben.`,
    selbstZuordnen: 'Trotzdem selbst zuordnen',
    automatischLesen: 'Als amtliche Tabelle lesen (ohne Zuordnung)',
    jahrFrage: (stichtag: string, tabelle: string, gewaehlt: string) =>
      `Die Tabelle hat den Stichtag ${stichtag} (Berichtsjahr ${tabelle}); gewählt ist das Berichtsjahr ${gewaehlt}. Welches Berichtsjahr soll die Vorlage bekommen?`,
    jahrDerTabelle: (jahr: string) => `Berichtsjahr ${jahr} der Tabelle verwenden`,
    jahrBleiben: (jahr: string) => `Bei ${jahr} bleiben`,
    jahrBestaetigt: (stichtag: string, gewaehlt: string) => `Die Werte vom Stichtag ${stichtag} werden wie gewählt als Berichtsjahr ${gewaehlt} übernommen.`,
    jahrErst: 'Bitte zuerst entscheiden, welches Berichtsjahr die Vorlage bekommt (oben: Stichtag der Tabelle oder gewähltes Jahr). Es wurde keine Vorlage geschrieben.',
    ohneStichtag: (jahr: string) => `Die Tabelle nennt keinen Stichtag; die Vorlage bekommt das gewählte Berichtsjahr ${jahr}.`,
    herkunftAmtlich: (blatt: string, titel: string | null, stichtag: string | null, zusammenfassung: string) =>
      `Vorbelegt aus der amtlichen Tabelle${titel ? ` „${titel}“` : ''}${stichtag ? `, Stichtag ${stichtag}` : ''} im Blatt „${blatt}“ (${zusammenfassung}). Zellen mit Zeichen der Quelle („.“, „x“, „/“) bleiben leer.`,
    vorschauEinfuegen: 'Vorschau: Tabelle als Blatt einfügen',
    vorschauText: 'Tabelle (aus Excel kopiert, Spalten durch Tabulator getrennt)',
    vorschauName: 'Name des Blatts',
    vorschauButton: 'Als Blatt einfügen',
  },
  fortschritt: 'Fortschritt',
  fehlerTitel: 'Fehler',

  // Meldungen der Schichten unter der Oberfläche
  merkmalWaehlen: 'Bitte mindestens ein Merkmal wählen.',
  kennzahlUnbekannt: (id: string, version: string) => `Die Kennzahl „${id}“ gibt es im Katalog ${version} nicht (mehr).`,
  keinMerkmal: (id: string, version: string) => `„${id}“ ist kein Merkmal des Katalogs ${version}; berechnete Kennzahlen werden nicht erfasst.`,
  merkmalZuFein: (name: string, tiefste: string, ebene: string) => `Das Merkmal „${name}“ wird nur bis zur Ebene ${tiefste} geliefert, nicht je ${ebene}.`,
  blattFehlt: (name: string) => `Das Blatt „${name}“ gibt es in dieser Arbeitsmappe nicht (mehr).`,
  zelleGeschuetzt: 'Die Zelle ist geschützt (Gebietscode und Name dürfen nicht geändert werden).',
  einstellungenNichtGespeichert: (grund: string) => `Einstellungen der Arbeitsmappe nicht gespeichert: ${grund}`,
  zeileZuGross: (zeile: number, max: number) => `Zeile ${zeile} ist allein größer als ${max} Bytes und kann nicht an Excel übergeben werden.`,
  keineStadtFreigegeben: 'Mit diesem Token ist keine Stadt dieses Kreises freigegeben; bitte beim Kreis nachfragen.',
  markierung: 'Prüfung: ',
  blattname: 'Blattname',
  abruf: 'Abruf',
  befunde: 'Befunde der Prüfung',
  aenderungenServer: 'Änderungen auf dem Server',
  arbeitsmappeVorschau: 'Arbeitsmappe (Vorschau)',
  blaetter: 'Blätter',
  diagrammVorschau: (kind: 'balken' | 'linie', title: string) => `Diagramm (${kind === 'balken' ? 'Balken' : 'Linien'}): ${title}`,
};

export const EBENE_TEXT: Record<string, string> = { land: 'Land', kreis: 'Kreis', stadt: 'Stadt', stadtbezirk: 'Stadtbezirk', gemeindeteil: 'Gemeindeteil', baublock: 'Baublock' };
