/**
 * Schools and universities for synthetic pupils and students: a primary school or secondary
 * school in the pupil's home town, named the Polish way ("Szkoła Podstawowa nr 12 im. Adama
 * Mickiewicza w Krakowie"), and a public university anywhere in the country.
 */
import type { Rng } from './prng.js';
import type { Place } from './places.js';
import { lines } from './words.js';

/** Public universities, as written on a student ID. */
const universities = lines(`
  Uniwersytet Jagielloński w Krakowie
  Uniwersytet Warszawski
  Politechnika Warszawska
  Akademia Górniczo-Hutnicza im. Stanisława Staszica w Krakowie
  Politechnika Wrocławska
  Uniwersytet Wrocławski
  Uniwersytet im. Adama Mickiewicza w Poznaniu
  Uniwersytet Gdański
  Politechnika Gdańska
  Uniwersytet Łódzki
  Politechnika Łódzka
  Uniwersytet Mikołaja Kopernika w Toruniu
  Uniwersytet Śląski w Katowicach
  Uniwersytet Marii Curie-Skłodowskiej w Lublinie
  Szkoła Główna Handlowa w Warszawie
  Uniwersytet Rzeszowski
  Uniwersytet w Białymstoku
`);

/** School patrons, in the genitive as after "im.". */
const patrons = lines(`
  Adama Mickiewicza
  Marii Skłodowskiej-Curie
  Jana Pawła II
  Mikołaja Kopernika
  Henryka Sienkiewicza
  Juliusza Słowackiego
  Tadeusza Kościuszki
  Janusza Korczaka
  Stefana Żeromskiego
  Bolesława Prusa
  Marii Konopnickiej
  Jana Kochanowskiego
`);

const romanNumerals = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'] as const;

/** A university for a student ID. */
export function drawUniversity(rng: Rng): string {
  return rng.pick(universities);
}

/**
 * A school in `place` fitting a pupil of `age`: primary school up to 14 (eight grades from 7),
 * then a general secondary school or a technical school.
 */
export function drawSchool(rng: Rng, age: number, place: Place): string {
  const patron = rng.chance(0.6) ? ` im. ${rng.pick(patrons)}` : '';
  const where = ` w ${place.locative}`;
  if (age <= 14) return `Szkoła Podstawowa nr ${rng.int(1, 40)}${patron}${where}`;
  if (rng.chance(0.6)) {
    return `${rng.pick(romanNumerals)} Liceum Ogólnokształcące${patron}${where}`;
  }
  return `Technikum nr ${rng.int(1, 12)}${patron}${where}`;
}
