"""Names that Dutch clinical lists miss or only know capitalised, written for this product.

deduce's lists come from Dutch registers and hospital letters: they find "Jansen" and
"Mehmet" when capitalised but not "mehmet", and many names of the Turkish, Moroccan, Polish,
Surinamese and Antillean communities in Wmo and Jeugd neighbourhoods are missing or spelled
another way. These lists hold common first names and surnames of those communities and of
Dutch clients, in lower case and in the spellings people write. They contain no ordinary Dutch
word ("roos", "bakker", "visser" are left to the context rules), so a match in lower case is
safe to tag without context.
"""


def _block(text: str) -> list[str]:
    """The words of a block; a hyphen joins the words of one name ("de-vries")."""
    return text.split()


DUTCH_FIRST = _block(
    """
aad adrie adriaan alie annie anneke annemiek anja anouk ans astrid bep bertus bram carla
cees cor corrie daan dirk dineke els emma ester evert femke fenna frits gerard gerda gerrit
geert gijs greet hanneke hans harm henk hendrik herman hetty hilde ina ineke ingrid jaap jan
jannie jantje jeroen jesse joke joost joop jopie jos joyce kees klaas koos lars lotte lieke
marjan marjolein mieke miep nel nelleke niels noortje pieter piet riet rian rini ruud sandra
sanne sjaak sjoerd stijn teun thijs tineke truus wim wiebe willem willemijn wouter yvonne
zoë sem bas-jan anne-marie jan-willem marieke esther hennie bets dirkje geertje tonny ria
toos nicole monique petra
"""
)

TURKISH_FIRST = _block(
    """
mehmet mustafa ahmet ali hüseyin huseyin hasan ibrahim ismail osman yusuf murat ömer omer
emre burak serkan kemal cem fatih volkan erdal orhan ayse ayşe fatma emine hatice zeynep
elif merve esra büşra busra özlem ozlem songül songul gül gul sevgi derya hülya hulya
yasemin selin ebru dilek nurten sibel tülay tulay kübra kubra şükrü sukru recep metin
"""
)

MOROCCAN_FIRST = _block(
    """
mohamed mohammed mohammad mo ahmed abdel abdelkader abdelkarim abdellah abdelaziz abderrahim
rachid rachida youssef yousef hamid hassan hicham khalid mourad mounir nordin noureddine
said saïd samir tarik tarek karim driss mimoun mustapha fatima fatiha khadija naima naïma
malika latifa samira souad zineb zahra amina hafsa houda loubna nadia salima siham yasmina
imane ikram soufiane bilal ayoub anouar achraf
"""
)

POLISH_FIRST = _block(
    """
agnieszka anna aleksandra beata dorota ewa grażyna grazyna joanna justyna katarzyna kasia
magdalena magda malgorzata małgorzata marta monika renata urszula zofia andrzej bartosz
dariusz grzegorz jacek jakub jerzy kamil krzysztof łukasz lukasz marek mariusz michał michal
paweł pawel piotr przemysław przemek tomasz wojciech zbigniew
"""
)

SURINAMESE_ANTILLEAN_FIRST = _block(
    """
ashwin anand anil radjesh rajesh ravi sunil soeresh shanti sharmila sita reshma roshni indra
kavita sandhya priya deepak dinesh ramesh suresh winston errol ronald roel glenn orlando
romano rignald clifton marciano quincy jurgen jerrel shirley mavis gladys esmeralda gerlinde
ingrid altagracia juliana marisol yolanda sumitra sukhdev soekdew parbati
"""
)

OTHER_FIRST = _block(
    """
abdi abdullahi mohamud hodan faduma ahmad reza mahmoud mariam fatemeh tesfaye yonas semhar
senait dawit nguyen thanh
"""
)

# Surnames that are also Dutch words (bakker, visser, kok, prins, vos) are left out on
# purpose: the context rules find them after a title or a first name.
DUTCH_SURNAMES = _block(
    """
jansen janssen de-vries van-den-berg van-dijk janssens de-jong de-boer van-der-meer
van-leeuwen hendriks van-der-linden brouwer de-wit dijkstra vermeulen van-der-heijden peters
van-der-veen van-beek kuipers hoekstra van-wijk verhoeven postma willems huisman jacobs
van-dam van-der-wal schouten hermans van-vliet blom huijbregts timmermans de-haan
van-den-bosch meijer sanders de-graaf van-doorn wijnands
"""
)

TURKISH_SURNAMES = _block(
    """
yilmaz yılmaz kaya demir şahin sahin çelik celik yildiz yıldız yildirim yıldırım öztürk
ozturk aydin aydın özdemir ozdemir arslan doğan dogan kiliç kilic aslan çetin cetin kara koç
koc kurt özkan ozkan şimşek simsek polat korkmaz erdoğan erdogan güler guler karaca tekin
akın akin bulut
"""
)

MOROCCAN_SURNAMES = _block(
    """
el-amrani amrani el-idrissi idrissi el-khatib el-hamdaoui bouzid boukhari benali ben-ali
el-ouali ouali aziz el-yousfi yousfi ait-taleb ait-ouali azzouzi el-bakkali bakkali
el-haddioui chaoui el-moussaoui moussaoui bouchtaoui el-ghazali benhaddou lahlou tahiri
bennani el-kaddouri kaddouri
"""
)

POLISH_SURNAMES = _block(
    """
kowalski kowalska nowak wiśniewski wisniewski wiśniewska wisniewska wójcik wojcik kowalczyk
kamiński kaminski kamińska kaminska lewandowski lewandowska zieliński zielinski zielińska
zielinska szymański szymanski woźniak wozniak dąbrowski dabrowski kozłowski kozlowski
jankowski mazur krawczyk piotrowski grabowski pawłowski pawlowski
"""
)

SURINAMESE_ANTILLEAN_SURNAMES = _block(
    """
ramdin ramdas ramsaran jagesar jagroep sewnath mahabier kalloe baldew bhagwandin soekhoe
ramautar sitaldin lachman lachmon sardjoe chotoe doerga ganga kartosen karijodrono
sontosoemarto wongsodikromo pinas sabajo linger kross doelwijt dors fraenk martina isenia
rosaria celestijn janga maduro
"""
)


def _names(*lists: list[str]) -> frozenset[str]:
    return frozenset(w.replace("-", " ") for words in lists for w in words)


FIRST_NAMES = _names(
    DUTCH_FIRST,
    TURKISH_FIRST,
    MOROCCAN_FIRST,
    POLISH_FIRST,
    SURINAMESE_ANTILLEAN_FIRST,
    OTHER_FIRST,
)
SURNAMES = _names(
    DUTCH_SURNAMES,
    TURKISH_SURNAMES,
    MOROCCAN_SURNAMES,
    POLISH_SURNAMES,
    SURINAMESE_ANTILLEAN_SURNAMES,
)

# Words after which the next word(s) are a name when they are not an ordinary word:
# "mevrouw jansen", "mijn zoon mehmet", "zuster ans", "juf fatima".
TITLES = frozenset(
    _block(
        """
broeder dhr dhr. dokter dr dr. heer juf juffrouw meester mefrouw meneer meneet menheer
menéér mevr mevr. mevrou mevrouw mevrow mnr mnr. mr mr. mvr mvr. mw mw. zr zuster
"""
    )
)

RELATIONS = frozenset(
    _block(
        """
begeleider begeleidster behandelaar broer buurman buurvrouw casemanager chauffeur coach
consulent consulente contactpersoon dochter dochtertje echtgenoot echtgenote fysio
fysiotherapeut huisarts huishoudelijke hulp hulpverlener jongen kind kleindochter
kleinkind kleinzoon logopedist ma man mantelzorger meid moeder moeke neef nicht oma oom
opa pa partner schoondochter schoonmaakster schoonmaker schoonmoeder schoonzoon tante
therapeut thuishulp vader verpleegkundige vriend vriendin vrouw wijkverpleegkundige zoon
zoontje zus zuster
""".replace("-", " ")
    )
)

# Words that end a name context: what follows these is not a name ("mijn zoon is ...").
NOT_A_NAME = frozenset(
    _block(
        """
aan aardig al alleen alles als altijd andere begrijpt belde belt beste bij blij boos
brengt daar dag dan dat de deed deze die die, dit doet dus een eerste eigen elke en en,
er erg fijn gaat geeft gemeente ging gisteren goed haalt haar had heeft heel helpt hem
het hielp hier hij hoe hoort hulp hun iedere iets ik in is is, jaar je jeugd jullie kan
keer kijkt komt kon krijgt kwam laatste leuk lief maand maar mag me meer met mij mijn
minder minuten moe moest moet morgen naar neemt niet niets nieuwe niks nog nooit nu of
om omdat ons ontevreden onze ook ook, op oude over per prima regelt samen slecht snapt
soms stuurt super te tevreden thuis thuiszorg toen tweede u uit uur uw vaak van vandaag
vaste veel vindt volgende vond voor vorige vriendelijk waar want was wat we week weet
weinig wel werkt werkte wie wij wijkteam wil wilde wmo woonde woont zal ze zeer zegt zei
zelf zelfde ziek zij zijn zorg zorgt zou
"""
    )
)

# "ans van de thuiszorg": what a carer's first name is followed by.
ORGANISATIONS = frozenset(
    _block(
        """
begeleiding buurtzorg dagbesteding gemeente huishoudelijke hulp instelling jeugdteam
jeugdzorg regiotaxi schoonmaakdienst sociaal taxi thuishulp thuiszorg
thuiszorgorganisatie wijkteam wijkverpleging wmo woningcorporatie zorg zorgaanbieder
zorginstelling
"""
    )
)

# Tokens that continue a surname: "van der meer", "el amrani", "ait taleb", "ben ali".
INTERFIXES = frozenset(
    _block(
        """
ait al ben bin da de den der di dos du el het la le te ten ter v.d. van vd von
"""
    )
)
