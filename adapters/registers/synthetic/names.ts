/**
 * Polish given and family names for synthetic citizens. Given names follow the fashion of the
 * birth decade (a Stanisław born in 1950, a Zuzanna born in 2012), and family names are stored in
 * the masculine form and turned feminine by the grammar rule (Kowalski → Kowalska). The lists are
 * common names; the combinations are random and describe no real person.
 */
import type { Rng } from './prng.js';
import { words } from './words.js';

/** Sex as written on Polish documents. */
export type Sex = 'F' | 'M';

/** Name lists for those born before 1972, before 1998, and later. */
type ByGeneration = readonly [readonly string[], readonly string[], readonly string[]];

/** Given names by sex and generation. */
const givenNames: Readonly<Record<Sex, ByGeneration>> = {
  F: [
    words(`Anna Maria Krystyna Barbara Elżbieta Teresa Danuta Halina Irena Jadwiga Janina
        Zofia Stanisława Grażyna Bożena Jolanta Ewa Wanda Helena Urszula Małgorzata Alicja
        Henryka Lucyna`),
    words(`Agnieszka Katarzyna Joanna Magdalena Monika Anna Aleksandra Marta Justyna
        Karolina Natalia Paulina Ewelina Dorota Beata Sylwia Iwona Patrycja Kamila Izabela
        Małgorzata Edyta`),
    words(`Zuzanna Julia Maja Zofia Hanna Lena Alicja Oliwia Amelia Laura Pola Wiktoria
        Natalia Aleksandra Antonina Emilia Nadia Gabriela Helena Liliana Maria Jagoda`),
  ],
  M: [
    words(`Stanisław Jan Józef Tadeusz Jerzy Zbigniew Kazimierz Ryszard Henryk Andrzej
        Czesław Edward Władysław Marian Wiesław Janusz Bogdan Roman Eugeniusz Mieczysław
        Zdzisław Leszek`),
    words(`Piotr Krzysztof Tomasz Paweł Marcin Michał Grzegorz Łukasz Mariusz Dariusz Robert
        Rafał Adam Marek Wojciech Sebastian Przemysław Damian Maciej Artur Jacek Bartosz`),
    words(`Antoni Jakub Jan Szymon Franciszek Filip Aleksander Mikołaj Wojciech Kacper Adam
        Michał Stanisław Ignacy Leon Wiktor Tymon Nikodem Igor Oskar Bartosz Kazimierz`),
  ],
};

/** Family names in the masculine form; adjectival ones (-ski, -cki, -y) have a feminine form. */
const familyNames = words(`Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski
  Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Wojciechowski Kwiatkowski
  Krawczyk Kaczmarek Piotrowski Grabowski Zając Pawłowski Michalski Król Wieczorek Jabłoński
  Wróbel Nowakowski Majewski Olszewski Stępień Malinowski Jaworski Adamczyk Dudek Nowicki Pawlak
  Górski Witkowski Walczak Sikora Baran Rutkowski Michalak Szewczyk Ostrowski Tomaszewski
  Pietrzak Marciniak Wróblewski Zalewski Jakubowski Jasiński Zawadzki Sadowski Bąk Chmielewski
  Włodarczyk Borkowski Czarnecki Sokołowski Urbański Kubiak Maciejewski Szczepański Kucharski
  Wilk Kalinowski Lis Mazurek Wysocki Adamski Kaźmierczak Wasilewski Sobczak Czerwiński
  Andrzejewski Cieślak Głowacki Zakrzewski Kołodziej Sikorski Krajewski Gajewski Szulc Szymczak
  Baranowski Laskowski Brzeziński Makowski Ziółkowski Przybylski Czarny Biały Wesoły`);

/**
 * The feminine form of a masculine family name: -ski/-cki/-dzki end in -a, as do the adjectival
 * names ending in -y (Czarny → Czarna); nouns (Nowak, Wilk) stay as they are.
 */
export function feminineFamilyName(masculine: string): string {
  if (masculine.endsWith('ki') || masculine.endsWith('y')) return `${masculine.slice(0, -1)}a`;
  return masculine;
}

/** Which fashion list a birth year draws from. */
function generation(birthYear: number): 0 | 1 | 2 {
  if (birthYear < 1972) return 0;
  if (birthYear < 1998) return 1;
  return 2;
}

/** One or two given names (about 40% have two) fitting the sex and birth year. */
export function drawGivenNames(rng: Rng, sex: Sex, birthYear: number): string {
  const lists = givenNames[sex];
  const own = generation(birthYear);
  const first = rng.pick(lists[own]);
  if (!rng.chance(0.4)) return first;
  // A second name is often a grandparent's, so it may come from an older list.
  const older = lists[rng.int(0, own)] ?? lists[own];
  const second = rng.pick(older.filter((name) => name !== first));
  return `${first} ${second}`;
}

/** A family name in the form for the given sex. */
export function drawFamilyName(rng: Rng, sex: Sex): string {
  const name = rng.pick(familyNames);
  return sex === 'F' ? feminineFamilyName(name) : name;
}
