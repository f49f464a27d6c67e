/**
 * The fixed frame of the demo Kreis: the real Ennepe-Ruhr-Kreis with its nine cities (real names,
 * AGS and roughly real population), and synthetic Gemeindeteile named after real Ortsteile.
 * Everything below the city level, and every value, is invented.
 */
import { Box } from './geometry';

/**
 * Social situation of a Gemeindeteil. It drives every social Merkmal, so that a Sozialindex built
 * on the demo shows clear differences: `belastet` areas have much more SGB II, unemployment and
 * single parents, `laendlich` ones fewer, larger households and little turnover.
 */
export type GemeindeteilTyp = 'belastet' | 'zentrum' | 'durchschnitt' | 'laendlich';

export interface GemeindeteilVorlage {
  name: string;
  /** relative population within the city */
  gewicht: number;
  typ: GemeindeteilTyp;
}

export interface StadtVorlage {
  code: string;
  name: string;
  /** inhabitants at the end of the reference year 2018 (roughly the real figure) */
  einwohner: number;
  /**
   * The city's rectangle in WGS84, placed around its real centre. The nine rectangles are chosen by
   * hand so that they do not touch or overlap (a small gap is left between neighbours).
   */
  box: Box;
  /** west to east: the order of the vertical strips */
  gemeindeteile: GemeindeteilVorlage[];
}

export const DEMO_KREIS = { code: '05954', name: 'Ennepe-Ruhr-Kreis' } as const;

const gt = (name: string, gewicht: number, typ: GemeindeteilTyp): GemeindeteilVorlage => ({ name, gewicht, typ });

export const STADT_VORLAGEN: readonly StadtVorlage[] = [
  {
    code: '05954004',
    name: 'Breckerfeld',
    einwohner: 8960,
    box: { west: 7.435, south: 51.22, east: 7.53, north: 51.3 },
    gemeindeteile: [gt('Zurstraße', 0.4, 'laendlich'), gt('Breckerfeld-Mitte', 1.4, 'durchschnitt'), gt('Waldbauer', 0.3, 'laendlich')],
  },
  {
    code: '05954008',
    name: 'Ennepetal',
    einwohner: 29870,
    box: { west: 7.315, south: 51.235, east: 7.43, north: 51.298 },
    gemeindeteile: [
      gt('Milspe', 1.4, 'belastet'),
      gt('Altenvoerde', 0.7, 'durchschnitt'),
      gt('Büttenberg', 0.5, 'durchschnitt'),
      gt('Voerde', 1.1, 'durchschnitt'),
      gt('Oberbauer', 0.3, 'laendlich'),
      gt('Rüggeberg', 0.4, 'laendlich'),
    ],
  },
  {
    code: '05954012',
    name: 'Gevelsberg',
    einwohner: 30700,
    box: { west: 7.315, south: 51.303, east: 7.385, north: 51.35 },
    gemeindeteile: [
      gt('Asbeck', 0.5, 'durchschnitt'),
      gt('Gevelsberg-Mitte', 1.4, 'belastet'),
      gt('Vogelsang', 0.9, 'zentrum'),
      gt('Klostermark', 0.6, 'durchschnitt'),
      gt('Berge', 0.8, 'durchschnitt'),
      gt('Silschede', 0.4, 'laendlich'),
    ],
  },
  {
    code: '05954016',
    name: 'Hattingen',
    einwohner: 54440,
    box: { west: 7.1, south: 51.375, east: 7.25, north: 51.445 },
    gemeindeteile: [
      gt('Niederwenigern', 0.7, 'durchschnitt'),
      gt('Niederbonsfeld', 0.3, 'laendlich'),
      gt('Winz-Baak', 0.8, 'durchschnitt'),
      gt('Hattingen-Mitte', 1.6, 'belastet'),
      gt('Holthausen', 0.7, 'durchschnitt'),
      gt('Bredenscheid-Stüter', 0.4, 'laendlich'),
      gt('Welper', 1.0, 'belastet'),
      gt('Blankenstein', 0.6, 'durchschnitt'),
      gt('Elfringhausen', 0.2, 'laendlich'),
    ],
  },
  {
    code: '05954020',
    name: 'Herdecke',
    einwohner: 22730,
    box: { west: 7.405, south: 51.38, east: 7.465, north: 51.435 },
    gemeindeteile: [
      gt('Westende', 0.9, 'durchschnitt'),
      gt('Herdecke-Mitte', 1.2, 'zentrum'),
      gt('Kirchende', 0.5, 'durchschnitt'),
      gt('Ende', 0.8, 'durchschnitt'),
      gt('Ahlenberg', 0.3, 'laendlich'),
    ],
  },
  {
    code: '05954024',
    name: 'Schwelm',
    einwohner: 28420,
    box: { west: 7.245, south: 51.262, east: 7.31, north: 51.315 },
    gemeindeteile: [
      gt('Linderhausen', 0.3, 'laendlich'),
      gt('Winterberg', 0.6, 'durchschnitt'),
      gt('Schwelm-Mitte', 1.5, 'belastet'),
      gt('Oehde', 0.8, 'durchschnitt'),
      gt('Möllenkotten', 0.8, 'durchschnitt'),
    ],
  },
  {
    code: '05954028',
    name: 'Sprockhövel',
    einwohner: 24730,
    box: { west: 7.17, south: 51.32, east: 7.31, north: 51.37 },
    gemeindeteile: [
      gt('Hiddinghausen', 0.25, 'laendlich'),
      gt('Obersprockhövel', 0.6, 'durchschnitt'),
      gt('Niedersprockhövel', 1.2, 'zentrum'),
      gt('Haßlinghausen', 1.1, 'durchschnitt'),
      gt('Gennebreck', 0.3, 'laendlich'),
    ],
  },
  {
    code: '05954032',
    name: 'Wetter (Ruhr)',
    einwohner: 27460,
    box: { west: 7.33, south: 51.355, east: 7.4, north: 51.4 },
    gemeindeteile: [
      gt('Wengern', 0.8, 'durchschnitt'),
      gt('Esborn', 0.3, 'laendlich'),
      gt('Alt-Wetter', 1.3, 'zentrum'),
      gt('Grundschöttel', 0.7, 'durchschnitt'),
      gt('Volmarstein', 0.9, 'durchschnitt'),
    ],
  },
  {
    code: '05954036',
    name: 'Witten',
    einwohner: 96460,
    box: { west: 7.26, south: 51.405, east: 7.4, north: 51.475 },
    gemeindeteile: [
      gt('Stockum', 0.6, 'durchschnitt'),
      gt('Düren', 0.4, 'durchschnitt'),
      gt('Annen', 1.7, 'belastet'),
      gt('Rüdinghausen', 0.6, 'durchschnitt'),
      gt('Crengeldanz', 0.7, 'belastet'),
      gt('Witten-Mitte', 1.6, 'belastet'),
      gt('Bommern', 0.9, 'durchschnitt'),
      gt('Heven', 1.1, 'durchschnitt'),
      gt('Vormholz', 0.3, 'laendlich'),
      gt('Herbede', 1.3, 'durchschnitt'),
      gt('Buchholz', 0.25, 'laendlich'),
      gt('Durchholz', 0.25, 'laendlich'),
    ],
  },
];

/** The nine cities of the demo Kreis: 8-digit AGS and real name. */
export const DEMO_STAEDTE: readonly { code: string; name: string }[] = STADT_VORLAGEN.map(({ code, name }) => ({ code, name }));
