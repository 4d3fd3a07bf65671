/** The English word lists of the checker; see `lexicon.ts` for what each list is for. */
import { phrases, type Lexicon } from './lexicon.ts'

const monthsEn = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec'

export const en: Lexicon = {
  language: 'en',
  release: phrases(`released|release|releases|releasing|came out|come out|comes out|coming out|came|comes|appeared|appears|arrived|arrives|arriving|
    followed|follows|issued|dropped|landed|emerged|unveiled|put out|puts out|delivered|saw release|saw the light|hit shelves|hit stores|
    hit the shelves|hit the stores|reached stores|
    was out|were out|returned with|followed up|out in|returned|returns|return`),
  albumNouns: phrases('album|albums|record|lp|disc|effort|release|follow-up|successor|debut|opus|full-length|long-player|set|masterpiece|classic'),
  otherEvents: phrases(`recorded|recording*|re-record*|rerecord*|reissu*|re-issu*|re-releas*|rereleas*|remaster*|re-master*|deluxe|anniversary|
    edition*|expanded|box|compilation*|anthology|remix*|live|tour*|concert*|festival*|gig|gigs|perform*|played|playing|headlin*|born|birth*|
    died|death|dies|dying|single|singles|ep|eps|video*|film*|movie*|soundtrack*|score|award*|grammy*|brit|brits|mercury|prize*|nominat*|
    won|win|wins|winning|certif*|platinum|gold|chart*|peak*|sold|sales|sell*|selling|signed|signing|moved|married|met|joined|left|leaving|
    reunion*|reunit*|reform*|re-form*|hiatus|demo|demos|wrote|written|writing|composed|composing|produced|producing|
    mixed|mixing|formed|founded|formation|split*|disband*|broke|breakup*|break-up*|dissol*|ended|book|books|memoir*|novel*|poem*|poetry|
    exhibit*|retrospective|documentary|ranked|ranking|listed|poll|voted|inducted|hall|sampled|sampling|promot*|
    premiere*|broadcast|aired|interview*|announc*|leak*|revisit*|outtake*|unreleased|shelved|scrapped|abandoned|conceived|began|
    started|completed|finished`),
  negations: phrases("not|never|*n't|no longer|rather than|instead of|planned|scheduled|slated|intended|expected|originally due|was due|were due|supposed"),
  otherReleases: phrases('reissu*|re-issu*|re-releas*|rereleas*|remaster*|deluxe|anniversary|edition*|expanded|box|compilation*|anthology|remix*|live|single|singles|ep|eps|soundtrack*|demo*|bootleg*|version*|vinyl|cd|cassette'),
  nearEvents: phrases('sessions|session|work|working|streaming|vinyl|cd|cassette|press|pressing|pressings|tracks|track|song|songs|b-side*|bonus|cover|covered|version*'),
  reference: phrases(`after|following|followed|since|before|than|like|unlike|from|off|on|preceding|preceded|succeeding|succeeded|replacing|
    follow-up to|successor to|sequel to|heels of|wake of|success of|compared to|compared with|versus|vs|beyond|besides|alongside|as with|
    as on|outsold|eclipsed|surpassed|echoes|echoed|recalls|recalled|revisits|revisited|toured|touring|tour|promoting|promoted|supporting|support of`),
  referenceBefore: phrases('followed by|succeeded by|was followed|were followed|gave way to'),
  clause: phrases('and|but|while|whereas|which|who|whose|where|when|although|though|because|yet|after|before|whilst|then|until|once'),
  dating: phrases('in|on|during'),
  dateWords: phrases(`${monthsEn}|early|late|mid|the|of|spring|summer|autumn|fall|winter|end|start|beginning|middle|first|second|half|
    st|nd|rd|th|,`),
  bounds: phrases('by|until|till|through|since|after|before|around|circa|c|from|to|between|towards|toward|prior to|as of|as early as|as late as|up to'),
  between: phrases('between|from|and|to|through|till|until'),
  decade: phrases('decade'),
  formedVerbs: phrases('formed|founded|got together|came together|co-founded|cofounded|was formed|were formed'),
  formedTransitive: phrases('formed|founded|co-founded|cofounded|started|put together|assembled|launched'),
  formedGroupOnly: phrases(''),
  formedNouns: phrases('formation|founding|inception'),
  careerStart: phrases(`his career began|her career began|their career began|his career started|her career started|began his career|
    began her career|began their career|started his career|started her career|started their career|launched his career|launched her career|
    began releasing|started releasing|began making records|began issuing records|made his recording debut|made her recording debut|
    his recording career began|her recording career began`),
  endedVerbs: phrases(`split up|split|broke up|disbanded|dissolved|called it a day|called it quits|went their separate ways|parted ways|
    came to an end|ended|folded|ceased to exist|disbanded|break up|splits`),
  endedTransitive: phrases('disbanded|dissolved|ended|wound up'),
  endedNouns: phrases('split|breakup|break-up|split-up|dissolution|disbandment|demise|end'),
  deathVerbs: phrases('died|passed away|passed'),
  deathNouns: phrases('death|passing'),
  careerOthers: phrases(`reform*|re-form*|reunit*|reunion*|hiatus|comeback|tour*|label|side|solo|joined|left|leaving|born|birth*|member*|
    project|projects|again|temporarily|briefly|rumour*|rumor*|reportedly|stage|named|renamed|rename*`),
  of: phrases('of'),
  groupNouns: phrases('band|group|duo|trio|quartet|quintet|sextet|outfit|collective|act|combo|ensemble|orchestra'),
  personNouns: phrases(`singer|singer-songwriter|songwriter|vocalist|musician|artist|composer|rapper|mc|dj|pianist|guitarist|
    trumpeter|saxophonist|bassist|drummer|bandleader|star|icon|chanteuse|crooner|performer|multi-instrumentalist|songstress|diva|legend`),
  groupPronouns: phrases('they'),
  personPronouns: phrases('he|she'),
  possessives: phrases('their|its|his|her'),
  articles: phrases('the|a|an'),
  copulas: phrases('is|are|was|were|remains|remain|remained|became|become|becomes|has been|have been|had been|is still|are still'),
  origin: phrases('from|hailing from|hail from|hails from|originally from|out of|native of|natives of'),
  placeIn: phrases('in'),
  filler: phrases(`was|were|is|are|has|have|had|been|be|originally|first|officially|eventually|finally|initially|amicably|quietly|formally|
    then|only|also|ultimately|effectively|definitively|permanently|subsequently|soon|later|up|actually|really|`),
  agents: phrases('by|with|and|alongside|featuring'),
  selfTitled: phrases('self-titled|eponymous|self-named'),
  songNouns: phrases('single|singles|song|songs|track|tracks|title track|b-side|hit|ballad|anthem|tune|number|cover|video'),
  relative: phrases('which|that|released|issued|recorded'),
  when: phrases('when'),
  cleft: phrases('it was|it is|this was'),
  yearSaw: phrases('saw the release of|saw the arrival of|brought|marked the release of|saw|also saw the release of'),
  albumAdjectives: phrases(`first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|debut|sophomore|studio|solo|new|next|final|last|
    full-length|acclaimed|landmark|breakthrough|celebrated|classic|ambitious|experimental|seminal|`),
}
