/**
 * Countries as a portrait names them: by name (from Intl.DisplayNames, plus the nations and
 * everyday names it lacks, "England", "the UK") and by demonym ("Icelandic", "britannique").
 */
import { key } from './fold.ts'

type Language = 'en' | 'fr'

/** Codes Intl names that are not countries. */
const notCountries = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB', 'AQ'])

const aliases: Record<Language, Record<string, string>> = {
  en: {
    England: 'GB', Scotland: 'GB', Wales: 'GB', 'Northern Ireland': 'GB', Britain: 'GB', 'Great Britain': 'GB', UK: 'GB',
    'U.K.': 'GB', 'United Kingdom': 'GB', US: 'US', 'U.S.': 'US', USA: 'US', 'U.S.A.': 'US', America: 'US',
    'United States of America': 'US', Holland: 'NL', 'Czech Republic': 'CZ', 'Ivory Coast': 'CI', 'Cape Verde': 'CV',
    'Cabo Verde': 'CV', Quebec: 'CA', 'Québec': 'CA',
  },
  fr: {
    Angleterre: 'GB', 'Écosse': 'GB', 'pays de Galles': 'GB', 'Pays de Galles': 'GB', 'Irlande du Nord': 'GB',
    'Grande-Bretagne': 'GB', 'Royaume-Uni': 'GB', 'États-Unis': 'US', 'Etats-Unis': 'US', USA: 'US', 'Amérique': 'US',
    Hollande: 'NL', 'Pays-Bas': 'NL', 'Cap-Vert': 'CV', 'Québec': 'CA', 'République tchèque': 'CZ',
  },
}

/*
 * Intl names countries but has no demonyms, the adjectives of nationality: this table is written
 * by hand, English forms as they are, French ones as masculine stems whose other forms are derived.
 */
const demonymsEn: Record<string, string> = {
  American: 'US', British: 'GB', English: 'GB', Scottish: 'GB', Scots: 'GB', Welsh: 'GB', 'Northern Irish': 'GB', Irish: 'IE',
  Icelandic: 'IS', French: 'FR', German: 'DE', Canadian: 'CA', 'Québécois': 'CA', Quebecois: 'CA', Australian: 'AU',
  'New Zealand': 'NZ', Swedish: 'SE', Norwegian: 'NO', Danish: 'DK', Finnish: 'FI', Dutch: 'NL', Belgian: 'BE', Swiss: 'CH',
  Austrian: 'AT', Italian: 'IT', Spanish: 'ES', Portuguese: 'PT', Brazilian: 'BR', Argentine: 'AR', Argentinian: 'AR',
  Mexican: 'MX', Cuban: 'CU', Jamaican: 'JM', Nigerian: 'NG', Malian: 'ML', Senegalese: 'SN', 'Cape Verdean': 'CV',
  Japanese: 'JP', 'South Korean': 'KR', Korean: 'KR', Chinese: 'CN', Indian: 'IN', Russian: 'RU', Polish: 'PL', Czech: 'CZ',
  Hungarian: 'HU', Greek: 'GR', Turkish: 'TR', Israeli: 'IL', Egyptian: 'EG', 'South African': 'ZA', Colombian: 'CO',
  Chilean: 'CL', Peruvian: 'PE', Venezuelan: 'VE', Uruguayan: 'UY', Ghanaian: 'GH', Algerian: 'DZ', Moroccan: 'MA',
  Tunisian: 'TN', Lebanese: 'LB', Iranian: 'IR', Ukrainian: 'UA', Estonian: 'EE', Latvian: 'LV', Lithuanian: 'LT',
  Romanian: 'RO', Serbian: 'RS', Croatian: 'HR', Slovenian: 'SI', Bulgarian: 'BG', Filipino: 'PH', Indonesian: 'ID',
  Vietnamese: 'VN', Thai: 'TH', Ethiopian: 'ET', Kenyan: 'KE', 'Puerto Rican': 'PR', Trinidadian: 'TT', Rwandan: 'RW',
  Ivorian: 'CI', Cameroonian: 'CM', Icelander: 'IS',
}

const demonymsFr: Record<string, string> = {
  'américain': 'US', britannique: 'GB', anglais: 'GB', 'écossais': 'GB', gallois: 'GB', 'nord-irlandais': 'GB', irlandais: 'IE',
  islandais: 'IS', 'français': 'FR', allemand: 'DE', canadien: 'CA', 'québécois': 'CA', australien: 'AU', 'néo-zélandais': 'NZ',
  'suédois': 'SE', 'norvégien': 'NO', danois: 'DK', finlandais: 'FI', 'néerlandais': 'NL', hollandais: 'NL', belge: 'BE',
  suisse: 'CH', autrichien: 'AT', italien: 'IT', espagnol: 'ES', portugais: 'PT', 'brésilien': 'BR', argentin: 'AR',
  mexicain: 'MX', cubain: 'CU', 'jamaïcain': 'JM', 'nigérian': 'NG', malien: 'ML', 'sénégalais': 'SN', 'cap-verdien': 'CV',
  capverdien: 'CV', japonais: 'JP', 'coréen': 'KR', 'sud-coréen': 'KR', chinois: 'CN', indien: 'IN', russe: 'RU',
  polonais: 'PL', 'tchèque': 'CZ', hongrois: 'HU', grec: 'GR', turc: 'TR', 'israélien': 'IL', 'égyptien': 'EG',
  'sud-africain': 'ZA', colombien: 'CO', chilien: 'CL', 'péruvien': 'PE', 'vénézuélien': 'VE', uruguayen: 'UY',
  'ghanéen': 'GH', 'algérien': 'DZ', marocain: 'MA', tunisien: 'TN', libanais: 'LB', iranien: 'IR', ukrainien: 'UA',
  estonien: 'EE', letton: 'LV', lituanien: 'LT', roumain: 'RO', serbe: 'RS', croate: 'HR', 'slovène': 'SI', bulgare: 'BG',
  philippin: 'PH', 'indonésien': 'ID', vietnamien: 'VN', 'thaïlandais': 'TH', 'éthiopien': 'ET', 'kényan': 'KE',
  portoricain: 'PR', rwandais: 'RW', ivoirien: 'CI', camerounais: 'CM',
}

/** The four forms of a French adjective of nationality from its masculine singular. */
function frenchForms(word: string): string[] {
  if (word === 'grec') return ['grec', 'grecque', 'grecs', 'grecques']
  if (word === 'turc') return ['turc', 'turque', 'turcs', 'turques']
  if (word.endsWith('e')) return [word, `${word}s`]
  if (word.endsWith('s')) return [word, `${word}e`, `${word}es`]
  if (/(ien|éen|en)$/.test(word)) return [word, `${word}ne`, `${word}s`, `${word}nes`]
  return [word, `${word}e`, `${word}s`, `${word}es`]
}

export interface CountryWords {
  /** Folded country names → ISO code. */
  names: Map<string, string>
  /** Folded demonyms → ISO code. */
  demonyms: Map<string, string>
  /** The longest name or demonym, in words. */
  longest: number
}

const built = new Map<Language, CountryWords>()

function canonical(code: string): string {
  try {
    return Intl.getCanonicalLocales(`und-${code}`)[0]!.slice(4)
  } catch {
    return code
  }
}

function regionCodes(): string[] {
  const codes: string[] = []
  for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) codes.push(String.fromCharCode(a, b))
  return codes
}

/** Country names and demonyms for English or French text. */
export function countryWords(language: Language): CountryWords {
  const known = built.get(language)
  if (known) return known
  const names = new Map<string, string>()
  const display = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' })
  for (const code of regionCodes()) {
    if (notCountries.has(code)) continue
    let name: string | undefined
    try {
      name = display.of(code)
    } catch {
      name = undefined
    }
    // Retired codes ("FX", "UK", "SU") name the same country as their successor: keep the successor's.
    if (name) names.set(key(name), canonical(code))
  }
  for (const [name, code] of Object.entries(aliases[language])) names.set(key(name), code)
  const demonyms = new Map<string, string>()
  if (language === 'en') for (const [word, code] of Object.entries(demonymsEn)) demonyms.set(key(word), code)
  else for (const [word, code] of Object.entries(demonymsFr)) for (const form of frenchForms(word)) demonyms.set(key(form), code)
  const longest = Math.max(...[...names.keys(), ...demonyms.keys()].map((k) => k.split(' ').length))
  const words = { names, demonyms, longest }
  built.set(language, words)
  return words
}

/** The country's name in the language, for saying what the collection holds: "Iceland", "Islande". */
export function countryName(code: string, language: Language): string {
  try {
    return displayNames[language].of(code) ?? code
  } catch {
    return code
  }
}

const displayNames = {
  en: new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }),
  fr: new Intl.DisplayNames(['fr'], { type: 'region', fallback: 'none' }),
}
