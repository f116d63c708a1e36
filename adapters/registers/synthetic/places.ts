/**
 * Polish places for synthetic citizens: where they were born, where they live, and so which
 * office issued their documents. Cities with county rights issue both ID cards and driving
 * licences through their mayor ("Prezydent Miasta Krakowa"); in a land county the town's mayor
 * issues ID cards and the county head issues driving licences ("Starosta Powiatu Wielickiego").
 * Each place carries the grammatical forms those titles need and its registration-plate prefix.
 */
import { lines } from './words.js';

/** A city or county town. */
export interface Place {
  /** Name in the nominative, as on a document's place of birth ("Kraków"). */
  name: string;
  /** Genitive, for "Prezydent Miasta Krakowa". */
  genitive: string;
  /** Locative, for "w Krakowie". */
  locative: string;
  /** Registration-plate prefix of its county ("KR", "KWI"). */
  plate: string;
  /** Adjective of its land county in the genitive ("Wielickiego"); null for a city county. */
  county: string | null;
  /** The nearby big city with the regional offices (ZUS, KRUS); its own name for a city. */
  region: string;
}

/** Cities with county rights: name | genitive | locative | plate. */
const cityRows = lines(`
  Warszawa|Warszawy|Warszawie|WA
  Kraków|Krakowa|Krakowie|KR
  Łódź|Łodzi|Łodzi|EL
  Wrocław|Wrocławia|Wrocławiu|DW
  Poznań|Poznania|Poznaniu|PO
  Gdańsk|Gdańska|Gdańsku|GD
  Szczecin|Szczecina|Szczecinie|ZS
  Bydgoszcz|Bydgoszczy|Bydgoszczy|CB
  Lublin|Lublina|Lublinie|LU
  Białystok|Białegostoku|Białymstoku|BI
  Katowice|Katowic|Katowicach|SK
  Gdynia|Gdyni|Gdyni|GA
  Częstochowa|Częstochowy|Częstochowie|SC
  Radom|Radomia|Radomiu|WR
  Toruń|Torunia|Toruniu|CT
  Rzeszów|Rzeszowa|Rzeszowie|RZ
  Kielce|Kielc|Kielcach|TK
  Olsztyn|Olsztyna|Olsztynie|NO
  Opole|Opola|Opolu|OP
  Zielona Góra|Zielonej Góry|Zielonej Górze|FZ
  Tarnów|Tarnowa|Tarnowie|KT
  Nowy Sącz|Nowego Sącza|Nowym Sączu|KN
`);

/** County towns: name | genitive | locative | plate | county adjective | regional city. */
const townRows = lines(`
  Wieliczka|Wieliczki|Wieliczce|KWI|Wielickiego|Kraków
  Bochnia|Bochni|Bochni|KBC|Bocheńskiego|Kraków
  Wadowice|Wadowic|Wadowicach|KWA|Wadowickiego|Kraków
  Zakopane|Zakopanego|Zakopanem|KTT|Tatrzańskiego|Kraków
  Oświęcim|Oświęcimia|Oświęcimiu|KOS|Oświęcimskiego|Kraków
  Piaseczno|Piaseczna|Piasecznie|WPI|Piaseczyńskiego|Warszawa
  Pruszków|Pruszkowa|Pruszkowie|WPR|Pruszkowskiego|Warszawa
  Mińsk Mazowiecki|Mińska Mazowieckiego|Mińsku Mazowieckim|WM|Mińskiego|Warszawa
  Kartuzy|Kartuz|Kartuzach|GKA|Kartuskiego|Gdańsk
  Malbork|Malborka|Malborku|GMB|Malborskiego|Gdańsk
  Gniezno|Gniezna|Gnieźnie|PGN|Gnieźnieńskiego|Poznań
  Kłodzko|Kłodzka|Kłodzku|DKL|Kłodzkiego|Wrocław
  Sandomierz|Sandomierza|Sandomierzu|TSA|Sandomierskiego|Kielce
  Augustów|Augustowa|Augustowie|BAU|Augustowskiego|Białystok
  Giżycko|Giżycka|Giżycku|NGI|Giżyckiego|Olsztyn
  Żywiec|Żywca|Żywcu|SZY|Żywieckiego|Katowice
  Cieszyn|Cieszyna|Cieszynie|SCI|Cieszyńskiego|Katowice
  Puławy|Puław|Puławach|LPU|Puławskiego|Lublin
  Sanok|Sanoka|Sanoku|RSA|Sanockiego|Rzeszów
  Łowicz|Łowicza|Łowiczu|ELC|Łowickiego|Łódź
  Kutno|Kutna|Kutnie|EKU|Kutnowskiego|Łódź
`);

/** Splits a catalogue row into exactly `count` fields. */
function fields(row: string, count: number): string[] {
  const parts = row.split('|');
  if (parts.length !== count) throw new Error(`bad place row: ${row}`);
  return parts;
}

/** Cities with county rights. */
export const cities: readonly Place[] = cityRows.map((row) => {
  const [name = '', genitive = '', locative = '', plate = ''] = fields(row, 4);
  return { name, genitive, locative, plate, county: null, region: name };
});

/** County towns in land counties. */
export const towns: readonly Place[] = townRows.map((row) => {
  const [name = '', genitive = '', locative = '', plate = '', county = '', region = ''] = fields(
    row,
    6,
  );
  return { name, genitive, locative, plate, county, region };
});

/** The regional city of a place (itself for a city). */
export function regionOf(place: Place): Place {
  return cities.find((city) => city.name === place.region) ?? place;
}

/** The office that issues ID cards to residents of `place`. */
export function idCardAuthority(place: Place): string {
  return place.county === null
    ? `Prezydent Miasta ${place.genitive}`
    : `Burmistrz Miasta ${place.genitive}`;
}

/** The office that issues driving licences to residents of `place`. */
export function drivingLicenceAuthority(place: Place): string {
  return place.county === null
    ? `Prezydent Miasta ${place.genitive}`
    : `Starosta Powiatu ${place.county}`;
}
