/** The French word lists of the checker; see `lexicon.ts` for what each list is for. */
import { phrases, type Lexicon } from './lexicon.ts'

const monthsFr = 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre'

export const fr: Lexicon = {
  language: 'fr',
  release: phrases(`sort|sortent|sortir|sorti|sortie|sorties|sortis|voit le jour|voient le jour|vit le jour|paraît|parait|paraissent|paru|
    parue|parus|parues|parution|publie|publient|publié|publiée|publiés|publiées|publication|arrive|arrivent|arrivé|arrivée|suit|suivent|
    succède|succèdent|livre|livrent|dévoile|dévoilent|dévoilé|dévoilée|débarque|enchaîne avec|enchaînent avec|revient avec|reviennent avec|
    édité|éditée|est dans les bacs|arrive dans les bacs|revient|reviennent|revenu|revenue|vient|viennent`),
  albumNouns: phrases("album|albums|disque|opus|lp|successeur|galette|effort|chef-d'œuvre|classique"),
  otherEvents: phrases(`enregistr*|réenregistr*|réédit*|rééditions|remasteris*|remastéris*|remaster*|deluxe|anniversaire|édition*|coffret*|
    compilation*|anthologie|remix*|live|tournée*|concert*|festival*|scène|joué|jouée|interprét*|né|née|nés|nées|naissance|naît|meurt|mort|
    morte|décès|décède|décédé|décédée|disparaît|single|singles|ep|clip|clips|vidéo*|film*|bande originale|b.o.|prix|récompens*|grammy*|
    victoire*|nommé*|nomination*|remport*|gagn*|certifié*|platine|d' or|classé*|classement*|vend*|vente*|signe|signé|signent|signature|
    déménag*|installe|épouse|marié*|rencontre*|rejoint|quitte*|départ|réun*|reform*|pause|hiatus|démo|démos|maquette*|écrit|écrite|écrits|
    écriture|composé|composée|composition|produit|production|mixé|mixage|formé*|forme|fondé*|fonde|fondation|sépar*|dissou*|dissolution|
    roman|mémoires|poème*|poésie|recueil|exposition|documentaire|sondage|intronis*|repris|reprise*|échantillon*|sampl*|promo*|
    annonc*|fuite|fuité|ressor*|ressorti*|commence|débute|entame|achève|termine|inédit*`),
  negations: phrases("pas|jamais|ni|plutôt que|au lieu de|prévu|prévue|programmé|programmée|devait|censé|censée"),
  otherReleases: phrases('réédit*|remasteris*|remastéris*|deluxe|anniversaire|édition*|coffret*|compilation*|anthologie|remix*|live|single|singles|ep|bande originale|démo*|version*|vinyle|cd|cassette'),
  nearEvents: phrases('titre|titres|chanson*|morceau*|vinyle|cd|cassette|pressage*|travail|travaille|session*|version*|bonus|face b'),
  reference: phrases(`après|avant|depuis|que|qu'|comme|suite à|successeur de|succède à|suite de|extrait de|extrait d'|extraits de|issu de|issu d'|
    issus de|tiré de|tiré d'|sur|à l' image de|dans la foulée de|contrairement à|face à|défend|défendre|promouvoir|
    tournée de|tournée d'|tournée|succès de|succès d'`),
  referenceBefore: phrases('suivi de|suivi par|suivie de|suivie par|succédé par|laisse la place à|cède la place à'),
  clause: phrases('et|mais|tandis|alors que|qui|où|puis|lorsque|quand|car|bien que|dont|avant|après|pendant que|jusqu\' à ce que'),
  dating: phrases('en|au|le|à|courant'),
  dateWords: phrases(`${monthsFr}|début|fin|mi|mi-|l'|la|le|de|d'|du|printemps|été|automne|hiver|1er|premier|courant|,`),
  bounds: phrases(`jusqu'|jusqu' en|depuis|dès|avant|après|vers|entre|à partir de|d'ici|aux alentours de|autour de|jusqu' à`),
  between: phrases('entre|de|et|à|au'),
  decade: phrases('années|décennie|an'),
  formedVerbs: phrases(`formé|formée|formés|formées|se forme|se forment|s' est formé|s' est formée|se sont formés|fondé|fondée|fondés|fondées|
    créé|créée|créés|se constitue|se crée|se monte|monté|montée`),
  formedTransitive: phrases('fonde|fondent|forme|forment|crée|créent|fondé|formé|créé|monte|montent|lance|lancent|monté'),
  formedGroupOnly: phrases('naît|voit le jour|est né|est née|vit le jour|naissent'),
  formedNouns: phrases('fondation|création|naissance|formation'),
  careerStart: phrases(`débute sa carrière|commence sa carrière|entame sa carrière|lance sa carrière|sa carrière débute|sa carrière commence|
    débute sa carrière discographique|commence à publier des disques|publie ses premiers disques`),
  endedVerbs: phrases(`se sépare|se séparent|s' est séparé|s' est séparée|se sont séparés|séparé|séparés|se dissout|se dissolvent|dissous|
    dissoute|met fin à sa carrière|mettent fin à leur carrière|prend fin|prennent fin|splitte|splittent|raccroche|raccrochent|cesse d' exister|
    jette l' éponge|jettent l' éponge|met un terme à sa carrière|mettent un terme à leur carrière|s' arrête|s' arrêtent`),
  endedTransitive: phrases('dissout|dissolvent|dissolvent|sépare'),
  endedNouns: phrases('séparation|dissolution|fin|split|arrêt'),
  deathVerbs: phrases(`meurt|est mort|est morte|décède|est décédé|est décédée|décédé|décédée|s' éteint|disparaît|mort|morte`),
  deathNouns: phrases('mort|décès|disparition'),
  careerOthers: phrases(`reform*|se reforme|reformé|réun*|retour|pause|hiatus|tournée*|label|parallèle|solo|rejoint|quitte|né|née|naissance|
    membre*|projet|projets|temporairement|brièvement|rumeur*|scène|nommé|rebaptisé|renomm*`),
  of: phrases("de|du|d'|des"),
  groupNouns: phrases('groupe|duo|trio|quatuor|quintette|sextuor|formation|collectif|combo|ensemble|orchestre|tandem|binôme'),
  personNouns: phrases(`chanteur|chanteuse|auteur-compositeur|auteur-compositeur-interprète|autrice-compositrice|autrice-compositrice-interprète|
    compositeur|compositrice|musicien|musicienne|artiste|rappeur|rappeuse|dj|pianiste|guitariste|trompettiste|
    saxophoniste|bassiste|batteur|batteuse|interprète|star|icône|vedette|diva|légende|multi-instrumentiste`),
  groupPronouns: phrases('ils|elles'),
  personPronouns: phrases('il|elle'),
  possessives: phrases('leur|sa|son|ses|leurs'),
  articles: phrases("le|la|les|l'|un|une"),
  copulas: phrases('est|sont|était|étaient|reste|restent|demeure|devient|deviennent|fut|furent|a été|ont été'),
  origin: phrases(`originaire de|originaire d'|originaires de|originaires d'|originaire du|originaires du|originaire des|venu de|venue de|
    venus de|venues de|venu d'|venue d'|venus d'|venu du|venue du|venus du|venu des|natif de|native de|natif d'|native d'|en provenance de|
    en provenance d'|en provenance du`),
  placeIn: phrases('à|en|au|aux|dans'),
  filler: phrases(`est|sont|a|ont|été|s'|se|finalement|officiellement|d'|abord|définitivement|ensuite|alors|y|donc|bel|bien|déjà|officieusement|
    rapidement|aussitôt|vite|en|fait`),
  agents: phrases('par|avec|et|aux côtés de|auprès de'),
  selfTitled: phrases('éponyme|homonyme'),
  songNouns: phrases('single|singles|chanson|chansons|titre|titres|morceau|morceaux|tube|tubes|ballade|hymne|face b|clip|reprise'),
  relative: phrases('qui|que|sorti|sortie|paru|parue|publié|publiée|enregistré|enregistrée'),
  when: phrases('quand|lorsque|où|alors que'),
  cleft: phrases("c' est|ce fut|c' était|ce sera"),
  yearSaw: phrases("voit la sortie de|voit la sortie d'|voit paraître|voit sortir|marque la sortie de|marque la sortie d'|voit la parution de|voit la parution d'"),
  albumAdjectives: phrases(`premier|première|deuxième|second|seconde|troisième|quatrième|cinquième|sixième|septième|huitième|neuvième|dixième|
    nouvel|nouveau|dernier|ultime|suivant|studio|solo|long|format|en|acclamé|célèbre|culte|mythique|ambitieux|expérimental|`),
}
