/**
 * Generated ID-photo portraits: a friendly cartoon bust on a light background, drawn as a small
 * SVG and returned as a `data:image/svg+xml;base64,…` URI (about 1.5–2.5 KB). Skin tone, hair
 * colour and style, shirt, glasses and beard vary with the draws; hair greys with age and thins
 * on some older men. It references nothing outside itself, so it renders offline and leaks no
 * requests.
 */
import type { Sex } from './names.js';
import type { Rng } from './prng.js';

const skinTones = ['#f6d7bf', '#efc4a0', '#e0ac84', '#c98d63', '#a86d48', '#f3cdb1'] as const;
const hairColours = ['#2b1b10', '#4a2f1b', '#6b4423', '#a0672b', '#d6b06a', '#1c1c1c'] as const;
const greyHair = ['#b9b9b9', '#d4d4d4', '#9f9f9f', '#e6e6e6'] as const;
const shirtColours = ['#3b6ea5', '#5a8f5a', '#8e44ad', '#c0392b', '#2c3e50', '#d35400'] as const;
const backgrounds = ['#e9eef3', '#eef1e8', '#f1ece6', '#e6ecf2'] as const;

/** What the portrait is of. */
export interface PortraitSubject {
  sex: Sex;
  age: number;
}

/** Hair drawn in front of the face (fringes), for short and long styles. */
const fringes = [
  'M35 58Q33 27 60 27Q87 27 85 58Q80 40 60 40Q41 40 35 58Z',
  'M35 60Q32 26 62 27Q88 29 85 56Q72 36 50 42Q40 46 35 60Z',
  'M35 58Q34 28 60 28Q86 28 85 58Q84 44 74 38Q66 46 50 40Q40 44 35 58Z',
] as const;

/** Fill attributes. */
function fill(colour: string, opacity = 1): string {
  return opacity === 1 ? `fill="${colour}"` : `fill="${colour}" fill-opacity="${opacity}"`;
}

/** Round-capped stroke attributes without fill. */
function stroke(colour: string, width: number, opacity = 1): string {
  const faded = opacity === 1 ? '' : ` stroke-opacity="${opacity}"`;
  return `fill="none" stroke="${colour}"${faded} stroke-width="${width}" stroke-linecap="round"`;
}

/** A path element. */
function path(d: string, paint: string): string {
  return `<path d="${d}" ${paint}/>`;
}

/** An ellipse element (a circle when the radii are equal). */
function ellipse(cx: number, cy: number, rx: number, ry: number, paint: string): string {
  return `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" ${paint}/>`;
}

/** The SVG markup of a portrait. */
export function portraitSvg(rng: Rng, subject: PortraitSubject): string {
  const skin = rng.pick(skinTones);
  const greying = subject.age >= 60 || (subject.age >= 45 && rng.chance(0.4));
  const hair = greying ? rng.pick(greyHair) : rng.pick(hairColours);
  const shirt = rng.pick(shirtColours);
  const background = rng.pick(backgrounds);
  const longHair = subject.sex === 'F' ? rng.chance(0.75) : rng.chance(0.05);
  const balding = subject.sex === 'M' && subject.age >= 50 && rng.chance(0.4);
  const glasses = rng.chance(subject.age >= 45 ? 0.45 : 0.15);
  const beard = subject.sex === 'M' && subject.age >= 20 && rng.chance(0.2);
  const headWidth = rng.int(23, 26);
  const eyeGap = rng.int(9, 11);
  const smile = rng.int(5, 9);

  const left = 60 - eyeGap;
  const right = 60 + eyeGap;
  const brow = (x: number): string => `M${x - 6} 55Q${x} 52 ${x + 6} 55`;

  const parts: string[] = [
    `<rect width="120" height="150" fill="${background}"/>`,
    longHair ? path('M31 62Q29 22 60 22Q91 22 89 62L93 116Q60 126 27 116Z', fill(hair)) : '',
    path('M8 150Q10 112 44 104L76 104Q110 112 112 150Z', fill(shirt)),
    path('M50 90L70 90L72 106Q60 114 48 106Z', fill(skin)),
    path('M48 104L60 116L72 104', stroke('#fff', 3, 0.6)),
    ellipse(60 - headWidth, 64, 5, 7, fill(skin)),
    ellipse(60 + headWidth, 64, 5, 7, fill(skin)),
    ellipse(60, 62, headWidth, 31, fill(skin)),
    balding
      ? path('M35 62Q35 46 41 42L40 60ZM85 62Q85 46 79 42L80 60Z', fill(hair))
      : path(rng.pick(fringes), fill(hair)),
    beard ? path('M36 68Q38 96 60 97Q82 96 84 68Q80 86 60 87Q40 86 36 68Z', fill(hair)) : '',
    ellipse(left, 62, 2.6, 2.6, fill('#2d2d2d')),
    ellipse(right, 62, 2.6, 2.6, fill('#2d2d2d')),
    path(brow(left) + brow(right), stroke(hair, 2)),
    path('M60 65Q57 72 61 74', stroke('#000', 1.6, 0.25)),
    path(`M${60 - smile} 80Q60 ${84 + smile / 2} ${60 + smile} 80`, stroke('#a0524a', 2.2)),
    subject.age < 18 ? ellipse(left - 2, 72, 4, 4, fill('#e8827a', 0.25)) : '',
    subject.age < 18 ? ellipse(right + 2, 72, 4, 4, fill('#e8827a', 0.25)) : '',
    glasses ? ellipse(left, 62, 7, 7, stroke('#333', 1.8)) : '',
    glasses ? ellipse(right, 62, 7, 7, stroke('#333', 1.8)) : '',
    glasses ? path(`M${left + 7} 62H${right - 7}`, stroke('#333', 1.8)) : '',
  ];
  const size = 'viewBox="0 0 120 150" width="120" height="150"';
  return `<svg xmlns="http://www.w3.org/2000/svg" ${size}>${parts.join('')}</svg>`;
}

/** A portrait as a base64 SVG data URI, ready for an `<img src>`. */
export function portraitDataUri(rng: Rng, subject: PortraitSubject): string {
  return `data:image/svg+xml;base64,${Buffer.from(portraitSvg(rng, subject)).toString('base64')}`;
}
