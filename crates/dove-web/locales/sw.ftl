# Kiswahili. Keep keys in step with en.ftl (a test checks).
site-name = Dove Market
site-title = Dove Market · Nyumba na bidhaa, moja kwa moja kutoka kwa mwenyewe
site-description = Panga au nunua nyumba na bidhaa Kenya moja kwa moja kutoka kwa wamiliki na maduka. Bila madalali.
skip-to-content = Ruka hadi maudhui
search-label = Tafuta matangazo
search-placeholder = Jaribu "vyumba 2 Kilimani" au "iPhone 13"
search-button = Tafuta
nav-label = Akaunti
nav-account = Akaunti yako
nav-sign-in = Ingia
nav-sign-up = Jisajili
nav-sign-out = Toka
footer-tagline = Dove Market: shughulika moja kwa moja na wamiliki. Hakuna ada za dalali.
footer-safety = Usilipe kamwe kabla ya kuona nyumba au bidhaa.
footer-language = Lugha
footer-api = API
per-month = / mwezi
home-heading = Nyumba na bidhaa, moja kwa moja kutoka kwa mwenyewe
home-lead = Pata mahali pa kuishi au kitu cha kununua, na uzungumze na mwenyewe moja kwa moja.
home-recent = Matangazo mapya
home-empty = Bado hakuna kilichotangazwa.
error-status-line = Msimbo wa hitilafu:
error-home = Rudi ukurasa wa mwanzo
error-not-found = Hatukuweza kupata ukurasa huo
error-csrf = Fomu hii imepitwa na wakati. Rudi nyuma, pakia upya ukurasa na ujaribu tena.
error-too-large = Data uliyotuma ni nyingi mno kwa wakati mmoja.
error-timeout = Imechukua muda mrefu mno. Tafadhali jaribu tena.
error-too-many = Majaribio mengi mno. Subiri kidogo kisha ujaribu tena.
error-too-many-wait = Majaribio mengi mno. Jaribu tena baada ya dakika { $minutes }.
error-method = Kitendo hicho hakiwezekani hapa.
error-internal = Kuna hitilafu upande wetu. Tafadhali jaribu tena.
error-bad-request = Hatukuelewa ombi hilo.
error-link-dead = Kiungo hiki kimeisha muda au kimeshatumika.
error-bad-credentials = Barua pepe au nenosiri si sahihi.
error-unverified = Thibitisha barua pepe yako kwanza. Tumekutumia kiungo kipya.
dev-mail-heading = Sanduku la barua (dev)
dev-mail-lead = Barua ambazo programu ingetuma. Huonyeshwa tu katika hali ya demo na dev.
dev-mail-empty = Bado hakuna barua.
dev-mail-to = Kwa
dev-mail-subject = Kichwa
signup-title = Fungua akaunti yako
signup-lead = Nunua, panga na uuze moja kwa moja. Inachukua dakika moja.
signup-submit = Fungua akaunti
signup-have-account = Una akaunti tayari?
label-name = Jina kamili
label-email = Barua pepe
label-phone = Simu (si lazima)
label-password = Nenosiri
label-new-password = Nenosiri jipya
label-current-password = Nenosiri la sasa
label-store-name = Jina la duka
label-slug = Anwani ya duka mtandaoni
hint-phone = Namba ya Kenya kama 0712 345 678.
hint-password = Angalau herufi 12. Sentensi fupi ni rahisi kukumbuka.
hint-slug = Herufi, namba na vistari, kama kilimani-homes.
check-email-title = Angalia barua pepe yako
check-email-body = Tumetuma ujumbe kwa { $email }. Fungua kiungo kilichomo ili kukamilisha akaunti yako.
verify-title = Thibitisha barua pepe yako
verify-lead = Weka nenosiri ulilochagua ulipojisajili, na akaunti yako iko tayari.
verify-password = Nenosiri ulilochagua ulipojisajili
err-confirm-password-wrong = Hilo si nenosiri ambalo akaunti hii iliundwa nalo. Kama hukujisajili nalo, jisajili tena kwa barua pepe hii na nenosiri lako, kisha tumia kiungo kipya.
verify-submit = Thibitisha barua pepe
verify-again = Jisajili tena kupata kiungo kipya
signin-title = Ingia
signin-submit = Ingia
signin-forgot = Umesahau nenosiri?
signin-no-account = Mgeni kwenye Dove Market?
forgot-title = Badilisha nenosiri lako
forgot-lead = Weka barua pepe yako nasi tutakutumia kiungo cha kuchagua nenosiri jipya.
forgot-submit = Tuma kiungo
forgot-sent-title = Angalia barua pepe yako
forgot-sent-body = Ikiwa kuna akaunti ya barua pepe hiyo, tumetuma kiungo cha kubadilisha nenosiri. Kiungo kinafanya kazi kwa dakika 30.
reset-title = Chagua nenosiri jipya
reset-again = Omba kiungo kipya
reset-submit = Weka nenosiri jipya
account-title = Akaunti yako
account-phone = Simu
account-member-since = Mwanachama tangu
account-role = Aina ya akaunti
role-buyer = Mnunuzi
role-seller = Muuzaji
role-admin = Msimamizi
account-selling = Kuuza
account-store = Duka lako: { $store }
account-start-selling-lead = Tangaza nyumba au bidhaa na ushughulike na wanunuzi moja kwa moja.
account-start-selling = Anza kuuza
account-security = Usalama
account-sign-out-everywhere = Toka kwenye vifaa vyote
password-title = Badilisha nenosiri
password-lead = Vifaa vingine vitatolewa.
password-submit = Badilisha nenosiri
store-title = Anza kuuza
store-lead = Lipe duka lako jina. Wanunuzi wataliona kwenye kila tangazo.
store-submit = Fungua duka langu
notice-password-reset = Nenosiri lako limebadilishwa. Ingia kwa nenosiri jipya.
notice-password-changed = Nenosiri lako limebadilishwa. Vifaa vingine vimetolewa.
notice-signed-out-everywhere = Umetolewa kwenye vifaa vyote.
notice-email-confirmed = Barua pepe yako imethibitishwa. Karibu Dove Market!
notice-store-created = Duka lako liko wazi.
err-email-empty = Weka anwani yako ya barua pepe.
err-email-too-long = Anwani hiyo ya barua pepe ni ndefu mno.
err-email-malformed = Weka barua pepe kama jina@mfano.com.
err-phone-malformed = Weka namba ya simu kama 0712 345 678 au +254 712 345 678.
err-name-empty = Weka jina.
err-name-too-long = Jina hilo ni refu mno.
err-password-too-short = Tumia angalau herufi 12.
err-password-too-long = Tumia herufi 128 au chache.
err-password-common = Nenosiri hilo ni la kawaida mno. Chagua ambalo ni gumu kukisia.
err-password-wrong = Hilo si nenosiri lako la sasa.
err-slug-length = Tumia herufi 3 hadi 40.
err-slug-characters = Tumia herufi ndogo, namba na kistari kimoja tu.
err-slug-reserved = Anwani hiyo imehifadhiwa. Chagua nyingine.
err-slug-taken = Anwani hiyo imeshachukuliwa. Chagua nyingine.
# Listings
yes = Ndiyo
no = Hapana
choose = Chagua…
continue = Endelea
save-continue = Hifadhi na uendelee
untitled = Rasimu isiyo na jina
new-title = Unatangaza nini?
new-property = Nyumba au mali
new-product = Bidhaa
edit-title = Tangazo lako
edit-fix-errors = Tafadhali rekebisha sehemu zilizowekwa alama hapa chini.
step-what = Nini
step-where = Wapi
step-details = Maelezo
step-photos = Picha
step-price = Bei
step-preview = Hakiki
label-offer = Aina ya ofa
offer-rent = Ya kupanga
offer-sale = Ya kuuza
label-property-type = Aina ya mali
property-type-bedsitter = Bedsitter
property-type-single_room = Chumba kimoja
property-type-studio = Studio
property-type-apartment = Apartment
property-type-bungalow = Bungalow
property-type-maisonette = Maisonette
property-type-townhouse = Townhouse
property-type-villa = Villa
property-type-plot = Kiwanja
property-type-office = Ofisi
property-type-shop = Duka
label-category = Kundi
label-condition = Hali
condition-new = Mpya
condition-used = Imetumika
condition-refurbished = Imekarabatiwa
label-title = Kichwa
hint-title = Sema ni nini na iko wapi, kama "Apartment ya vyumba 2 Kilimani".
label-county = Kaunti
label-town = Mji
label-neighbourhood = Mtaa
label-pin = Alama ya ramani
hint-pin = Mahali kwenye ramani, kwa nyuzi za desimali. Wanunuzi wanaona eneo la takriban mita 500 isipokuwa uchague kuonyesha mahali halisi.
label-lat = Latitudo
label-lng = Longitudo
use-my-location = Tumia mahali nilipo sasa
label-show-exact = Onyesha mahali halisi kwenye ramani
hint-show-exact = Acha hii ikiwa ni nyumba unayoishi.
label-bedrooms = Vyumba vya kulala
label-bathrooms = Bafu
label-area = Eneo la sakafu (m²)
label-furnished = Ina samani
label-parking = Maegesho
label-amenities = Huduma
amenity-water = Tangi la maji au kisima
amenity-security = Ulinzi
amenity-backup-power = Umeme wa akiba
amenity-wifi = WiFi
amenity-lift = Lifti
amenity-pool = Bwawa la kuogelea
amenity-garden = Bustani
amenity-pets = Wanyama vipenzi wanaruhusiwa
label-available-from = Inapatikana kuanzia
label-quantity = Idadi iliyopo
label-delivery = Usafirishaji unapatikana
label-pickup = Kuchukua mwenyewe kunapatikana
label-description = Maelezo
hint-description = Maandishi ya kawaida. Sema kinachoifanya iwe nzuri, na lolote mnunuzi anapaswa kujua.
hint-photos = Hadi picha 20: JPEG, PNG au WebP, kila moja isizidi MB 15. Ya kwanza ndiyo ya jalada.
label-add-photos = Ongeza picha
upload-photos = Pakia picha
listing-photo = Picha
photo-cover = Jalada
photo-make-cover = Fanya jalada
photo-earlier = Sogeza mbele
photo-later = Sogeza nyuma
photo-delete = Futa
label-rent = Kodi ya mwezi (KES)
label-price = Bei (KES)
label-deposit = Amana (miezi ya kodi)
label-service-charge = Ada ya huduma kwa mwezi (KES)
preview-missing = Kabla ya kuchapisha, ongeza:
preview-open = Fungua tangazo
missing-title = kichwa
missing-description = maelezo ya angalau herufi 20
missing-price = bei
missing-county = kaunti
missing-town = mji
missing-lat = alama ya ramani
missing-photos = angalau picha moja
missing-category = kundi
missing-property_type = aina ya mali
missing-bedrooms = idadi ya vyumba vya kulala
missing-bathrooms = idadi ya bafu
missing-condition = hali
missing-quantity = idadi iliyopo
missing-delivery = usafirishaji au kuchukua
action-publish = Chapisha
action-pause = Sitisha
action-resume = Endeleza
action-mark-sold = Weka imeuzwa
action-mark-rented = Weka imepangishwa
action-renew = Ongeza siku 60
action-archive = Hifadhi kumbukumbu
action-duplicate = Nakili
action-delete = Futa rasimu
status-draft = Rasimu
status-published = Imechapishwa
status-paused = Imesitishwa
status-sold = Imeuzwa
status-rented = Imepangishwa
status-archived = Imehifadhiwa
status-expired = Imeisha muda
mine-title = Matangazo yangu
mine-new = Tangaza kitu kipya
mine-empty = Bado huna matangazo.
done-publish = Imechapishwa.
done-pause = Imesitishwa. Wanunuzi hawaioni tena.
done-resume = Iko hewani tena.
done-mark-sold = Imewekwa imeuzwa.
done-mark-rented = Imewekwa imepangishwa.
done-renew = Imeongezwa siku 60.
done-archive = Imehifadhiwa.
done-duplicate = Imenakiliwa kwenye rasimu mpya.
done-delete = Rasimu imefutwa.
notice-listing-live = Tangazo lako liko hewani. Shiriki kiungo ili kufikia wanunuzi haraka.
listing-private = Ni wewe tu unayeona tangazo hili. Hali: { $status }.
listing-unavailable = Hii haipatikani tena.
listing-photos = Picha
listing-swipe = telezesha kuona zaidi
listing-description = Maelezo
listing-location = Mahali
county-of = Kaunti ya { $county }
location-exact = Huu ndio mahali halisi.
location-approximate = Ramani inaonyesha eneo, ndani ya takriban mita 500; mwenyewe atakupa anwani kamili.
listing-show-map = Onyesha kwenye ramani
listing-seller = Muuzaji
seller-member-since = Mwanachama tangu { $year }
seller-active-listings = { $n ->
    [one] Tangazo 1 hai
   *[other] Matangazo { $n } hai
}
listing-share = Shiriki
share-whatsapp = Shiriki kwenye WhatsApp
share-link = Kiungo cha tangazo hili
share-copy = Nakili kiungo
share-copied = Imenakiliwa
listing-edit = Hariri
store-empty = Duka hili halina tangazo kwa sasa.
n-views = { $n ->
    [one] Imetazamwa mara 1
   *[other] Imetazamwa mara { $n }
}
n-photos = { $n ->
    [one] Picha 1
   *[other] Picha { $n }
}
n-bedrooms = { $n ->
    [0] Hakuna chumba cha kulala
    [one] Chumba 1 cha kulala
   *[other] Vyumba { $n } vya kulala
}
n-bathrooms = { $n ->
    [one] Bafu 1
   *[other] Bafu { $n }
}
n-months = { $n ->
    [one] Mwezi 1
   *[other] Miezi { $n }
}
fact-type = Aina
fact-bedrooms = Vyumba vya kulala
fact-bathrooms = Bafu
fact-area = Eneo la sakafu
fact-furnished = Samani
fact-parking = Maegesho
fact-amenities = Huduma
fact-deposit = Amana
fact-service-charge = Ada ya huduma
fact-available = Inapatikana kuanzia
fact-category = Kundi
fact-condition = Hali
fact-quantity = Zilizopo
fact-delivery = Kuipata
delivery = Usafirishaji
pickup = Kuchukua mwenyewe
categories-title = Makundi
label-slug-plain = Slug
label-kind = Aina
label-parent = Kundi mzazi (slug)
hint-parent = Acha tupu kwa kundi la juu.
category-rename = Badilisha jina
category-retire = Staafisha
category-restore = Rejesha
category-add = Ongeza kundi
err-required = Hii inahitajika.
err-title-short = Tumia angalau herufi 5.
err-title-long = Tumia herufi 100 au chache.
err-description-long = Tumia herufi 5,000 au chache.
err-description-short = Andika angalau herufi 20.
err-price-invalid = Weka bei kama namba, kama 45000.
err-amount-invalid = Weka kiasi kama namba, kwa mfano 5000.
err-password-missing = Weka nenosiri lako.
err-price-not-positive = Weka bei iliyo juu ya sifuri.
err-price-absurd = Bei hiyo ni kubwa mno. Angalia idadi ya sifuri.
err-bedrooms-range = Weka namba kati ya 0 na 50.
err-bathrooms-range = Weka namba kati ya 0 na 50.
err-area-range = Weka eneo la sakafu kwa mita za mraba, kuanzia 1.
err-deposit-range = Weka idadi ya miezi kati ya 0 na 24.
err-quantity-range = Weka idadi ya angalau 1.
err-date-invalid = Weka tarehe kama 2026-12-01.
err-county-unknown = Chagua kaunti kwenye orodha.
err-place-long = Tumia herufi 80 au chache.
err-lat-range = Weka latitudo kati ya -90 na 90.
err-lng-range = Weka longitudo kati ya -180 na 180.
err-location-outside-kenya = Alama lazima iwe ndani ya Kenya. Angalia latitudo na longitudo.
err-location-far-from-county = Alama iko mbali na kaunti hiyo. Angalia alama au kaunti.
err-offer-unknown = Chagua ya kupanga au ya kuuza.
err-property-type-unknown = Chagua aina ya mali kwenye orodha.
err-condition-unknown = Chagua mpya, imetumika au imekarabatiwa.
err-amenity-unknown = Chagua huduma kwenye orodha.
err-kind-unknown = Chagua mali au bidhaa.
err-category-unknown = Chagua kundi kwenye orodha.
err-delivery-or-pickup = Toa usafirishaji, kuchukua mwenyewe au vyote.
err-photos-required = Ongeza angalau picha moja.
err-photos-too-many = Tangazo linaweza kuwa na picha 20 tu.
err-photo-not-image = Faili hiyo si picha.
err-photo-format = Picha za JPEG, PNG na WebP pekee ndizo zinakubaliwa.
err-photo-too-large = Picha isizidi MB 15.
err-photo-too-many-pixels = Picha hiyo ina zaidi ya megapikseli 40. Tuma ndogo zaidi.
err-photo-too-small = Picha hiyo ni ndogo mno. Tumia angalau pikseli 320 × 240.
err-photo-corrupt = Picha hiyo imeharibika au haijakamilika. Jaribu kuituma tena.
err-photo-upload-failed = Upakiaji ulikatizwa. Jaribu tena.
err-upload-busy = Picha nyingi zinapakiwa sasa hivi. Jaribu tena baada ya sekunde chache.
err-photo-none = Chagua angalau picha moja.
err-photo-order-mismatch = Tuma kila picha ya tangazo mara moja tu.
err-illegal-transition = Hilo haliwezekani kwa tangazo lililo { $status }.
err-not-a-draft = Rasimu pekee ndizo zinaweza kufutwa. Lihifadhi badala yake.
# Search
search-title = Tafuta
search-filters = Vichujio
search-suggestions = Mapendekezo
suggest-listing = Tangazo
suggest-place = Mahali
suggest-category = Kundi
any = Yoyote
label-price-min = Bei ya chini (KES)
label-price-max = Bei ya juu (KES)
label-bedrooms-min = Vyumba vya kulala, angalau
label-near = Karibu na (mji)
label-radius = Ndani ya (km)
label-sort = Panga kwa
sort-default = Bora kwanza
sort-relevance = Inayolingana zaidi
sort-newest = Mpya zaidi
sort-price_asc = Bei, ya chini kwanza
sort-price_desc = Bei, ya juu kwanza
sort-distance = Iliyo karibu zaidi
search-invalid = Baadhi ya mipangilio ya utafutaji si sahihi:
n-results = { $n ->
    [0] Hakuna matokeo
    [one] Tokeo 1
   *[other] Matokeo { $n }
}
search-relaxed = Hakuna kilicholingana na kila neno, kwa hivyo haya yanalingana na baadhi yake.
search-empty = Hakuna kinacholingana bado. Jaribu maneno au vichujio vichache, au mahali pa karibu.
search-clear-filters = Tafuta bila vichujio
pages = Kurasa
page-prev = Iliyotangulia
page-next = Inayofuata
search-refine = Chuja zaidi
facet-category = Kundi
facet-town = Mji
facet-bedrooms = Vyumba vya kulala
facet-price = Bei
err-price-range-inverted = Bei ya juu iko chini ya bei ya chini.
err-radius-range = Weka umbali zaidi ya 0 na hadi km 500.
err-radius-needs-point = Chagua mahali (karibu na) au shiriki mahali ulipo ili kutafuta kwa umbali.
err-sort-unknown = Chagua mpangilio kwenye orodha.
err-sort-needs-point = Kupanga kwa umbali kunahitaji mahali.
err-page-range = Ukurasa huo haupo. Matokeo yanafika ukurasa wa 50.
err-bbox-invalid = Eneo la ramani si sahihi.
err-town-unknown = Hatuujui mji huo. Jaribu mji mkubwa ulio karibu.
err-location-incomplete = Toa latitudo na longitudo zote mbili.
err-furnished-unknown = Chagua ndiyo au hapana kwa samani.
saved-title = Zilizohifadhiwa
saved-empty = Bado hujahifadhi chochote. Gusa moyo kwenye tangazo ili kuliweka hapa.
saved-browse = Tafuta kitu
fav-save = Hifadhi
fav-saved = Imehifadhiwa
fav-remove = Ondoa
alerts-title = Arifa za utafutaji
alerts-empty = Bado hakuna arifa. Kwenye utafutaji wowote, chagua "Nijulishe" kupata habari za mapya yanayolingana.
alerts-saved = Arifa imehifadhiwa. Tutakutumia barua pepe ya mapya yanayolingana.
alerts-too-many = Tayari una arifa 20. Simamisha moja ili kuongeza nyingine.
alerts-deleted = Arifa imesimamishwa.
alerts-stop = Simamisha
alert-me-label = Nitumie barua pepe ya mapya yanayolingana
alert-me = Nijulishe
frequency-instant = Yanapokuja
frequency-daily = Mara moja kwa siku
unsubscribed-title = Arifa imesimamishwa
unsubscribed-body = Hutapata barua pepe zaidi za utafutaji huu.
unsubscribe-bad-title = Kiungo hiki si sahihi
unsubscribe-bad-body = Kiungo cha kujiondoa kimeharibika au kimebadilishwa. Ingia na usimamie arifa zako kutoka kwenye akaunti yako.
err-frequency-unknown = Chagua mara moja au kila siku.
view-label = Onyesha matokeo kama
view-list = Orodha
view-map = Ramani
search-this-area = Tafuta eneo hili
map-needs-js = Ramani inahitaji JavaScript; orodha hapa chini ina kila tokeo.
did-you-mean = Ulimaanisha

## Messages
nav-inbox = Ujumbe
message-seller = Mtumie muuzaji ujumbe
message-opener = Habari, "{ $title }" bado inapatikana?
message-never-pay = Usilipe amana wala ada yoyote kabla ya kuiona nyumba na kukutana na mwenye nyumba. Dove haitakuomba ulipe nje ya programu.
message-label = Ujumbe wako
message-send = Tuma
message-seen = Umeonekana
message-sent = Umetumwa
message-caution = Kuwa makini: ujumbe huu { $why }. Usitume pesa kabla ya kuiona nyumba.
inbox-title = Ujumbe
inbox-archived = Zilizohifadhiwa
inbox-empty = Bado hakuna mazungumzo. Mtumie muuzaji ujumbe kutoka tangazo lolote.
inbox-you = Wewe:
n-unread = { $n ->
    [one] 1 haujasomwa
   *[other] { $n } havijasomwa
}
conversation-more = Hifadhi, zuia au ripoti
conversation-archive = Hifadhi
conversation-unarchive = Rudisha kwenye ujumbe
conversation-block = Mzuie mtumiaji huyu
conversation-unblock = Ondoa kizuizi
conversation-you-blocked = Umemzuia mtumiaji huyu. Hawezi kukutumia ujumbe.
conversation-report-reason = Kuna tatizo gani?
conversation-report = Ripoti mazungumzo haya
conversation-reported = Asante. Timu yetu itayaangalia mazungumzo haya.
conversation-blocked = Amezuiwa. Mtumiaji huyu hawezi kukutumia ujumbe tena.
conversation-unblocked = Kizuizi kimeondolewa.
err-message-empty = Andika ujumbe kwanza.
err-message-too-long = Usizidi herufi 2,000.
err-message-flood = Unatuma ujumbe haraka mno. Subiri dakika moja ujaribu tena.
err-message-own-listing = Hili ni tangazo lako.
err-message-blocked = Mtumiaji huyu hapokei ujumbe wako.
err-report-empty = Eleza tatizo.
err-report-too-long = Usizidi herufi 1,000.
contact-title = Wasiliana na muuzaji
contact-call = Piga simu
contact-whatsapp = WhatsApp
contact-no-phone = Muuzaji huyu anapokea ujumbe tu.
contact-sign-in = Ingia ili uone namba ya simu ya muuzaji.
err-channel-unknown = Chagua call au whatsapp.

## Leads
nav-leads = Wateja
leads-title = Wateja watarajiwa
leads-empty = Bado hakuna wateja. Wanunuzi wanaokutumia ujumbe, kukupigia au kuomba kuona nyumba wataonekana hapa.
leads-median-reply = { $n ->
    [one] Unajibu ndani ya dakika 1 (wastani)
   *[other] Unajibu ndani ya dakika { $n } (wastani)
}
leads-no-replies = Bado hujajibu: jibu haraka, wanunuzi wanaona.
leads-within-hour = { $n }% wamejibiwa ndani ya saa moja
leads-stage = Hatua
leads-source = Chanzo
leads-days = Siku N zilizopita
leads-filter = Chuja
leads-export = Pakua CSV
leads-move = Hamisha
leads-move-to = Hamisha hadi
leads-lost-reason = Sababu (inahitajika kwa Amepotea)
leads-tasks = Ufuatiliaji
leads-task-title = Kazi ya ufuatiliaji
leads-task-due = Tarehe (saa za Nairobi)
leads-task-add = Ongeza ufuatiliaji
leads-task-done = Imekamilika
leads-notes = Maelezo
leads-note-add = Ongeza maelezo
leads-history = Historia
stage-new = Mpya
stage-contacted = Amewasiliana
stage-viewing = Kuona kumepangwa
stage-negotiating = Majadiliano
stage-won = Amefanikiwa
stage-lost = Amepotea
source-message = Ujumbe
source-phone = Simu
source-viewing = Ombi la kuona
source-favourite = Amehifadhi
event-message = Ujumbe wa kwanza
event-replied = Umejibu
event-call = Ameona namba yako
event-whatsapp = Amefungua WhatsApp
event-stage = Hatua imebadilika
err-stage-unknown = Chagua hatua.
err-stage-reopen-first = Mteja huyu amefungwa: mhamishe hadi Amewasiliana kwanza.
err-source-unknown = Chagua chanzo.
err-days-range = Tumia idadi ya siku kati ya 1 na 3650.
err-lost-reason-required = Eleza kwa nini amepotea.
err-lost-reason-too-long = Usizidi herufi 200.
err-note-empty = Andika maelezo kwanza.
err-note-too-long = Usizidi herufi 2,000.
err-task-empty = Eleza cha kufanya.
err-task-too-long = Usizidi herufi 200.
err-task-due-required = Chagua tarehe.
err-task-due-past = Muda huo umepita.

# Photos in messages
message-attach = Ongeza picha
message-photo = Picha iliyotumwa kwenye mazungumzo haya
err-message-too-many-photos = Tuma picha 3 tu kwa ujumbe mmoja.

# Preferences
preferences-title = Kushiriki na arifa
preferences-lead = Chagua kile wauzaji wanaona na jinsi unavyopata habari za wateja wapya
preferences-saved = Imehifadhiwa.
preferences-share-favourites = Wajulishe wauzaji ninapohifadhi tangazo lao
preferences-share-favourites-hint = Wataona jina lako kama mteja na wanaweza kukutumia ujumbe. Imezimwa usipoiwasha.
preferences-sms-leads = Nitumie SMS mnunuzi anaponiwasiliana
preferences-sms-leads-hint = SMS moja kwa kila mteja mpya, kwa nambari ya simu iliyo kwenye akaunti yako.
preferences-save = Hifadhi
err-sms-needs-phone = Thibitisha nambari ya simu kwenye akaunti yako kwanza.

# Viewings
viewing-request = Omba kuiona
viewing-request-title = Omba kuiona nyumba
viewing-request-lead = Pendekeza hadi nyakati tatu zinazokufaa. Mwenye nyumba atachagua moja au kupendekeza nyingine.
viewing-times = Nyakati zinazokufaa
viewing-time-n = Wakati { $n }
viewing-times-hint = Saa za Nairobi. Kila ziara huchukua takriban saa moja.
viewing-note = Ujumbe kwa mwenye nyumba (si lazima)
viewing-request-send = Tuma ombi
viewing-title = Ziara
viewing-confirmed = Ziara imethibitishwa: { $time }.
viewing-add-calendar = Ongeza kwenye kalenda (.ics)
viewing-cancel = Ghairi ziara
viewing-pick = { $name } ameomba kuja kuona wakati mmoja kati ya hizi:
viewing-accept = Kubali wakati huu
viewing-decline = Kataa
viewing-propose = Pendekeza nyakati nyingine
viewing-propose-send = Tuma nyakati hizi
viewing-waiting = Unasubiri jibu la { $name }:
viewing-withdraw = Ondoa ombi
viewing-your-turn = Jibu lako linahitajika
viewings-title = Ziara
viewings-none = Hakuna ziara zijazo. Omba moja kutoka nyumba yoyote unayoipenda.
conversation-viewing-requested = Ombi la ziara limetumwa. Mwenye nyumba atajibu hapa.
conversation-viewing-accepted = Ziara imethibitishwa. Utapata ukumbusho saa mbili kabla.
conversation-viewing-declined = Ombi la ziara limekataliwa.
conversation-viewing-proposed = Nyakati zako zimetumwa.
conversation-viewing-cancelled = Ziara imeghairiwa.
err-viewing-slots-required = Chagua angalau wakati mmoja.
err-viewing-slots-too-many = Chagua nyakati tatu tu.
err-viewing-slot-past = Wakati huo umepita. Chagua wakati ujao.
err-viewing-slot-too-far = Chagua wakati ndani ya siku 90 zijazo.
err-viewing-slots-overlap = Acha angalau saa moja kati ya nyakati.
err-viewing-slot-invalid = Hiyo si tarehe na saa.
err-viewing-note-too-long = Ujumbe usizidi herufi 500.
err-viewing-own-listing = Hili ni tangazo lako mwenyewe.
err-viewing-already-scheduled = Ziara tayari imepangwa kwenye mazungumzo haya.
err-viewing-already-open = Ombi la ziara tayari linasubiri jibu.
err-viewing-not-your-turn = Upande mwingine unapaswa kujibu kwanza.
err-viewing-slot-unknown = Chagua mojawapo ya nyakati zilizopendekezwa.
err-viewing-slot-taken = Tayari una ziara wakati huo.
err-viewing-closed = Ziara hii haiwezi kubadilishwa tena.
err-viewing-changed = Ziara imebadilika wakati huo huo. Iangalie tena.
err-viewing-not-found = Ziara hii haipo tena.
inbox-older = Mazungumzo ya zamani zaidi
leads-older = Wateja wa zamani zaidi
err-cursor-invalid = Kiungo hicho cha ukurasa si sahihi. Anza tena kutoka ukurasa wa kwanza.

# Orders
orders-title = Oda
orders-purchases = Ununuzi
orders-sales = Mauzo
orders-empty = Hakuna oda bado.
orders-older = Oda za zamani zaidi
order-title = Oda
order-quantity = Idadi
order-in-stock = { $n ->
    [one] { $n } iko dukani
   *[other] { $n } ziko dukani
}
order-fulfilment = Kuletewa au kuchukua
order-delivery = Kuletewa
order-pickup = Kuchukua mwenyewe
order-buy-now = Nunua sasa
order-out-of-stock = Imekwisha.
order-item = Bidhaa
order-price = Bei
order-total = Jumla
order-buyer = Mnunuzi
order-seller = Muuzaji
order-placed = Ilitolewa
order-pay-by = Inasubiri malipo. Bidhaa zimehifadhiwa kwa ajili yako hadi { $time }.
order-cancel = Ghairi oda
order-refused-title = Oda haikutolewa
order-back-to-listing = Rudi kwenye tangazo
order-status-pending_payment = Inasubiri malipo
order-status-paid = Imelipwa, pesa zimehifadhiwa salama
order-status-fulfilled = Imekabidhiwa
order-status-completed = Imekamilika
order-status-cancelled = Imeghairiwa
order-status-expired = Muda umeisha bila malipo
order-status-refunded = Pesa zimerudishwa
order-status-disputed = Kuna mzozo
err-quantity-too-small = Agiza angalau moja.
err-quantity-too-large = Agiza zisizozidi 100 kwa mara moja.
err-total-too-large = Jumla hiyo ni kubwa kuliko oda moja inavyoweza kubeba. Chukua chache, au usiku mchache.
err-quantity-above-stock = Hakuna nyingi hivyo dukani.
err-order-own-listing = Hili ni tangazo lako mwenyewe.
err-fulfilment-not-offered = Muuzaji hatoi huduma hiyo.
err-fulfilment-unknown = Chagua kuletewa au kuchukua.
err-idempotency-key-invalid = Kichwa cha Idempotency-Key kiwe na herufi 1 hadi 200.
err-idempotency-key-reused = Idempotency-Key hii ilitumika kwa ombi jingine.
err-role-unknown = Chagua mnunuzi au muuzaji.
dev-payments-title = Simu ya majaribio (M-Pesa)
dev-payments-lead = Maombi ya malipo yaliyotumwa na lango la majaribio. Jibu moja kama mnunuzi angefanya kwenye simu yake; programu itapokea ujumbe uleule ambao M-Pesa ingetuma.
dev-payments-empty = Hakuna maombi ya malipo bado.
dev-payments-approve = Weka PIN na ulipe
dev-payments-decline = Ghairi
dev-payments-timeout = Acha muda uishe
order-mpesa-phone = Nambari ya simu ya M-Pesa
order-pay-mpesa = Lipa { $total } kwa M-Pesa
order-check-phone = Angalia simu yako: tumetuma ombi la M-Pesa kwa { $phone }. Weka PIN yako huko. Ukurasa huu utajisasisha wenyewe.
order-receipt = Risiti ya M-Pesa { $receipt }.
payment-failed-cancelled = Malipo yaliahirishwa kwenye simu. Jaribu tena ukiwa tayari.
payment-failed-insufficient-funds = Hakuna pesa za kutosha kwenye akaunti ya M-Pesa.
payment-failed-wrong-pin = PIN haikuwa sahihi. Jaribu tena.
payment-failed-phone-unreachable = Simu haikupatikana. Hakikisha imewashwa, kisha ujaribu tena.
payment-failed-expired = Muda wa ombi uliisha. Jaribu tena.
payment-failed-declined = M-Pesa ilikataa malipo.
err-phone-not-mpesa = Weka nambari ya simu ya Kenya, kama 0712 345 678.
err-mpesa-kes-only = M-Pesa hupokea shilingi kamili tu.
err-order-not-payable = Oda hii haiwezi kulipwa tena.
err-mpesa-unreachable = M-Pesa haikupatikana. Jaribu tena baada ya muda mfupi.
orders-balance = Salio lako: { $amount }
orders-held = zimehifadhiwa hadi wanunuzi wathibitishe: { $amount }
order-paid-seller = Imelipwa. Pesa zimehifadhiwa salama na zitakufikia mnunuzi atakapothibitisha amepokea.
order-fulfil = Weka kuwa imekabidhiwa
order-confirm-lead-product = Muuzaji anasema hii imekabidhiwa. Thibitisha tu ukiwa nayo: pesa zitaenda kwa muuzaji.
order-confirm-lead-stay = Imelipwa na kuhifadhiwa. Ukishafika na yote ni kama yalivyoelezwa, thibitisha: pesa zitaenda kwa mwenyeji. Usiposema chochote zitaenda siku moja baada ya kuingia.
order-confirm-lead-let = Imelipwa na kuhifadhiwa. Ukishahamia, thibitisha: amana itaenda kwa mwenye nyumba. Usiposema chochote itaenda siku 7 baada ya siku ya kuhamia.
order-confirm-product = Nimepokea
order-confirm-stay = Nimefika
order-confirm-let = Nimehamia
receipt-title = Risiti ya oda { $ref }
receipt-link = Risiti
receipt-status = Hali
receipt-mpesa = Risiti ya M-Pesa
receipt-print = Chapisha ukurasa huu, au uuhifadhi kama PDF, kupitia menyu ya kivinjari chako.
offers-title = Ofa
offers-empty = Hakuna ofa bado. Toa moja kwenye nyumba yoyote inayouzwa.
offer-make-label = Ofa yako, kwa shilingi
offer-make = Toa ofa
offer-amount = Kiasi (KES)
offer-your-turn = Jibu lako linahitajika
offer-accept = Kubali
offer-decline = Kataa
offer-counter = Pendekeza kiasi kingine
offer-withdraw = Ondoa
offer-status-open = Wazi
offer-status-accepted = Imekubaliwa
offer-status-declined = Imekataliwa
offer-status-withdrawn = Imeondolewa
err-offer-amount-range = Toa kiasi kikubwa kuliko sifuri na chini ya 1,000,000,000.
err-offer-amount-invalid = Andika kiasi kwa shilingi, tarakimu tu.
err-offer-own-listing = Hili ni tangazo lako mwenyewe.
err-offer-already-open = Tayari una ofa iliyo wazi kwa nyumba hii.
err-offer-not-your-turn = Upande mwingine unapaswa kujibu kwanza.
err-offer-closed = Ofa hii haiko wazi tena.
err-offer-changed = Ofa ilibadilika wakati huo huo. Iangalie tena.
err-offer-reply-unknown = Jibu kwa kukubali, kukataa, kupendekeza kiasi au kuondoa.

# Bookings, cart, refunds, disputes, payouts, admin money
order-kind-stay = Malazi
order-kind-let = Kuhamia
order-kind-product = Bidhaa
order-booked-seller-stay = Imelipwa. Pesa zimehifadhiwa salama na zitakufikia mgeni akithibitisha kufika, au siku moja baada ya kuingia.
order-booked-seller-let = Imelipwa. Amana imehifadhiwa salama na itakufikia mpangaji akithibitisha kuhamia, au siku 7 baada ya siku ya kuhamia.
order-refunded = Imerudishwa
order-pay-card = Lipa kwa kadi
order-card-continue = Maliza kulipa kwenye ukurasa wa kadi
order-disputed-note = Mnunuzi amefungua malalamiko. Pesa zinabaki zimehifadhiwa hadi msimamizi aamue.
refund-title = Rudisha pesa
order-payment-late = Malipo yako yalifika baada ya oda hii kuacha kuyasubiri. Yanarudishwa ulikoyatuma: hakuna anayeyashikilia.
refund-amount = Kiasi cha kurudisha (kisichozidi { $max })
refund-reason = Sababu (mnunuzi ataisoma)
refund-send = Rudisha
dispute-title = Kuna tatizo? Fungua malalamiko
dispute-reason = Tatizo ni nini
dispute-open = Fungua malalamiko
calendar-title = Tarehe zilizo wazi
calendar-prev = Mapema
calendar-next = Baadaye
calendar-mon = Jtt
calendar-tue = Jnn
calendar-wed = Jtn
calendar-thu = Alh
calendar-fri = Iju
calendar-sat = Jmm
calendar-sun = Jpl
night-free = Wazi
night-booked = Imechukuliwa
night-blocked = Haipatikani
night-past = Imepita
stay-price = { $price } kwa usiku
stay-min-nights = { $n ->
    [one] angalau usiku 1
   *[other] angalau usiku { $n }
}
stay-not-set = Bado haikodishwi kwa usiku. Weka bei ya usiku ili kupokea wageni.
stay-book-title = Hifadhi malazi yako
stay-check-in = Kuingia
stay-check-out = Kutoka
stay-book-hint = { $price } kwa usiku. Unalipa sasa; pesa zinahifadhiwa hadi ufike.
stay-book = Hifadhi na ulipe
stay-manage = Kalenda na bei ya usiku
stay-see-dates = Tazama tarehe zilizo wazi na uhifadhi
stay-offer-nightly = Kodisha kwa usiku badala yake
stay-settings-title = Bei ya usiku
stay-nightly-price = Bei kwa usiku (KES)
stay-min-nights-label = Malazi mafupi zaidi, kwa usiku
stay-save = Hifadhi
block-title = Funga au fungua tarehe
block-from = Kuanzia
block-to = Hadi (pamoja na)
block-action = Tarehe hizi
block-block = Hazipatikani
block-free = Ziko wazi tena
block-save = Hifadhi tarehe
notice-stay-saved = Imehifadhiwa. Wageni wanaweza kuhifadhi kwa usiku.
notice-dates-blocked = Tarehe hizo zimefungwa.
notice-dates-freed = Tarehe hizo ziko wazi tena.
let-move-in = Siku ya kuhamia
let-deposit-hint = Hifadhi kwa amana ya { $deposit } (kodi ya mwezi mmoja). Inahifadhiwa salama na inaenda kwa mwenye nyumba ukishahamia.
let-reserve = Hifadhi na ulipe amana
let-reserved = Imehifadhiwa na mpangaji.
cart-title = Kikapu
cart-add = Weka kwenye kikapu
cart-empty = Kikapu chako ni tupu.
cart-browse = Tafuta vitu vya kununua
cart-per-seller = Kila duka hukabidhi vitu vyake: kulipia kunaunda oda moja kwa kila duka.
cart-update = Badilisha
cart-remove = Ondoa
cart-subtotal = Jumla ndogo
cart-total = Jumla { $total }
cart-unavailable = Haiuzwi tena
cart-checkout = { $n ->
    [one] Lipia
   *[other] Lipia: oda { $n }
}
money-title = Pesa
money-balance = Salio lako
money-held = Zimehifadhiwa hadi wanunuzi wathibitishe
money-explain = Pesa za wanunuzi zinahifadhiwa salama hadi wathibitishe. Kisha zinakuwa salio lako, ukiondoa kamisheni ya jukwaa, na unaweza kuzitoa kwenda M-Pesa.
money-withdraw-title = Toa kwenda M-Pesa
money-amount = Kiasi (KES)
money-withdraw = Toa pesa
money-payouts = Malipo uliyotumiwa
money-no-payouts = Bado hakuna malipo.
money-when = Lini
money-status = Hali
money-payout-sent = Malipo yako yanakuja kwenye simu yako.
payout-purpose-seller = Kutoa pesa
payout-purpose-refund = Kurudishiwa
payout-status-pending = Yanakuja
payout-status-succeeded = Yamelipwa
payout-status-failed = Yameshindikana: pesa zimerudi kwenye salio lako
money-number-is = Malipo yanaenda kwenye namba yako ya M-Pesa { $phone }.
money-number-none = Weka namba yako ya malipo hapa chini kabla ya kutoa pesa.
money-number-set-title = Namba yako ya malipo
money-number-change-title = Badilisha namba yako ya malipo
money-number-explain = Malipo yanaenda kwenye namba hii tu. Kuiweka au kuibadilisha kunahitaji nenosiri lako na kiungo tunachokutumia kwa barua pepe, ili mtu akiingia kwenye akaunti yako asiweze kupeleka pesa zako kwingine.
money-number-password = Nenosiri lako
money-number-submit = Nitumie kiungo
money-number-pending = Tunasubiri ufungue kiungo tulichotuma kwa { $phone }.
money-number-asked = Angalia barua pepe yako: fungua kiungo tulichotuma ili kuthibitisha namba.
money-number-confirmed = Namba yako ya malipo imethibitishwa.
money-number-held = Malipo kwenda namba mpya yanaanza saa 24 baada ya kuithibitisha.
money-number-held-until = Yako yanaanza { $time }.
number-confirm-title = Thibitisha namba yako ya malipo
number-confirm-lead = Bofya mara moja na malipo yako yataenda kwenye namba uliyoomba.
number-confirm-submit = Thibitisha namba
err-payout-number-missing = Weka namba yako ya malipo kwanza.
err-payout-number-held = Malipo kwenda namba mpya yanaanza saa 24 baada ya kuithibitisha.
err-payout-number-tries = Umejaribu mara nyingi mno. Subiri saa moja, kisha ujaribu tena.
dev-card-title = Malipo ya kadi (majaribio)
dev-card-lead = Ukurasa wa majaribio wa kulipa kwa kadi: kulipa kunatuma ujumbe uliotiwa sahihi kwa programu, kama Stripe.
dev-card-pay = Lipa { $amount }
dev-card-cancel = Acha
admin-money-title = Ukaguzi wa pesa
admin-reconciliation = Ulinganisho wa hesabu
admin-books-clean = Hesabu ziko sawa: kila muamala unalingana, na kila malipo ni ya oda.
admin-unbalanced = Muamala usiolingana
admin-unknown-payment = Malipo yasiyo na oda
admin-orphaned = Malipo ya oda isiyoyasubiri tena
admin-owed = Pesa za kurudisha ambazo hazikutumwa
admin-risk = Alama za hatari
admin-no-flags = Hakuna kilichowekewa alama.
admin-disputes = Malalamiko yaliyo wazi
admin-no-disputes = Hakuna malalamiko yaliyo wazi.
admin-refund-amount = Kwa mnunuzi (KES); kinachobaki kwa muuzaji
admin-note = Uamuzi (pande zote mbili zitausoma)
admin-resolve = Maliza malalamiko
risk-amount-mismatch = Kiasi hakilingani
risk-repeated-failures = Kushindwa mara kwa mara
risk-order-burst = Oda nyingi ghafla
err-date-past = Chagua leo au siku inayofuata.
err-date-too-far = Chagua siku ndani ya mwaka mmoja.
err-date-before-start = Chagua siku baada ya ile ya kwanza.
err-stay-too-short = Ni fupi kuliko malazi mafupi zaidi ya mwenyeji.
err-stay-too-long = Hifadhi usiku 60 zaidi kwa mara moja.
err-nights-taken = Baadhi ya usiku huo umeshachukuliwa. Chagua tarehe nyingine.
err-let-reserved = Mpangaji mwingine ameshaihifadhi nyumba hii.
# Mipaka ya oda zisizolipwa.
err-hold-too-many-open = Una oda 5 ambazo hazijalipwa. Lipia moja au ighairi kabla ya kuagiza zaidi.
err-hold-open-on-listing = Tayari una oda ya hiki ambayo haijalipwa. Ilipie au ighairi kwanza.
err-hold-too-fast = Umeagiza mara nyingi katika saa iliyopita bila kulipa. Subiri kidogo, au lipia oda uliyoagiza.
err-hold-cooldown = Oda zako kadhaa hazikulipwa leo, kwa hivyo oda mpya zimesitishwa kwa saa chache. Oda zilizolipwa hazihesabiwi.
err-stay-not-rental = Nyumba za kukodisha tu ndizo zinakodishwa kwa usiku.
err-min-nights-range = Andika usiku 1 hadi 30.
err-block-too-long = Funga mwaka mmoja zaidi kwa mara moja.
err-cart-empty = Kikapu chako ni tupu.
err-cart-full = Kikapu kinabeba vitu 50 tofauti zaidi.
err-cart-line-unavailable = Kitu kimoja kwenye kikapu hakiuzwi tena, au si kwa idadi hiyo. Kibadilishe kwanza.
err-refund-above-paid = Ni zaidi ya alicholipa mnunuzi (ukiondoa zilizorudishwa).
err-reason-short = Eleza kwa maneno machache kwa nini.
err-reason-long = Iwe chini ya herufi 1,000.
err-payout-too-small = Toa angalau KES 100.
err-payout-above-balance = Ni zaidi ya salio lako.
err-payout-pending = Malipo mengine yanakuja tayari. Yasubiri kwanza.
err-mpesa-whole-shillings = M-Pesa hutuma shilingi nzima tu.
err-payment-under-way = Malipo ya oda hii yanaendelea tayari.
err-card-unreachable = Huduma ya kadi haipatikani. Jaribu tena baada ya muda mfupi.
orders-filter = Onyesha oda kwa hali
orders-all = Zote
err-status-unknown = Chagua mojawapo ya hali za oda.
admin-unsent-refund = Pesa za kadi za kurudisha ambazo bado hazijakubaliwa (zinajaribiwa kila dakika)
order-nights = { $n ->
    [one] usiku 1
   *[other] usiku { $n }
}

# API tokens on the account page.
tokens-title = Tokeni za API
tokens-lead = Programu na skripti huingia kwa hizi. Kila moja huacha kufanya kazi yenyewe baada ya siku 90; batilisha usiyoitumia tena au ya kifaa ulichopoteza.
tokens-none = Huna tokeni za API.
tokens-created = · imetengenezwa { $time }
tokens-used = · ilitumika mwisho { $time }
tokens-never-used = · haijawahi kutumika
tokens-expires = · inaisha { $time }
tokens-revoke = Batilisha
notice-token-revoked = Tokeni imebatilishwa; haifanyi kazi tena.
err-token-days-range = Chagua kati ya siku 1 na 365.

# Njia za kulipa ambazo hazijawekwa kwenye tovuti hii (kamwe si majaribio).
order-mpesa-off = Kulipa kwa M-Pesa hakupatikani kwenye tovuti hii kwa sasa.
order-card-off = Kulipa kwa kadi hakupatikani kwenye tovuti hii kwa sasa.
err-mpesa-off = Kulipa kwa M-Pesa hakupatikani kwenye tovuti hii kwa sasa.
err-card-off = Kulipa kwa kadi hakupatikani kwenye tovuti hii kwa sasa.
money-payouts-off = Kutoa pesa kwa M-Pesa hakupatikani kwenye tovuti hii kwa sasa. Salio lako linabaki hapa hadi kupatikane.
err-payouts-off = Kutoa pesa kwa M-Pesa hakupatikani kwenye tovuti hii kwa sasa.

err-town-too-long = Jina la mji lina herufi 80 au chache.
# Barua pepe. Kila barua ni jozi, `{id}-subject` na `{id}-body`, inayoandikwa
# inapotumwa, kwa lugha aliyochagua mpokeaji kwenye kurasa.
mail-verify-subject = Thibitisha barua pepe yako kwa Dove Market
mail-verify-body =
    Habari { $name },

    Thibitisha anwani yako ya barua pepe ili kumaliza kufungua akaunti yako ya Dove Market:

    { $link }

    Kiungo kinafanya kazi kwa saa 48. Kama hukujisajili, puuza ujumbe huu.

    Dove Market
mail-account-exists-subject = Tayari una akaunti ya Dove Market
mail-account-exists-body =
    Habari { $name },

    Mtu, pengine wewe, alijaribu kufungua akaunti mpya ya Dove Market kwa anwani hii ya barua pepe. Tayari una akaunti.

    Ingia: { $signin }
    Umesahau nenosiri lako? { $forgot }

    Kama si wewe, unaweza kupuuza ujumbe huu; akaunti yako haijabadilika.

    Dove Market
mail-password-reset-subject = Badilisha nenosiri lako la Dove Market
mail-password-reset-body =
    Habari { $name },

    Mtu aliomba kubadilisha nenosiri la akaunti yako ya Dove Market. Ili kuchagua nenosiri jipya, fungua:

    { $link }

    Kiungo kinafanya kazi mara moja, kwa dakika 30. Kama hukuomba hili, puuza ujumbe huu; nenosiri lako halijabadilika.

    Dove Market haiombi kamwe nenosiri lako wala PIN yako ya M-Pesa kwa simu au kwa ujumbe.
mail-unread-subject = { $from } amekutumia { $count ->
        [one] ujumbe mpya
       *[other] jumbe { $count } mpya
    } kuhusu { $listing }
mail-unread-body =
    Habari { $name },

    { $from } amekutumia { $count ->
        [one] ujumbe mpya
       *[other] jumbe { $count } mpya
    } kwenye Dove Market kuhusu "{ $listing }":

      { $message }

    Jibu hapa: { $link }

    Usilipe kamwe amana wala ada yoyote kabla ya kuiona nyumba mwenyewe.
mail-viewing-confirmed-subject = Ziara imethibitishwa: { $listing } tarehe { $when }
mail-viewing-confirmed-body =
    Habari { $name },

    Ziara yako ya kuona "{ $listing }" pamoja na { $other } imethibitishwa kwa { $when } (saa za Nairobi).
    Mahali: { $place }

    Iweke kwenye kalenda yako: { $calendar }
    Mazungumzo: { $conversation }

    Usilipe kamwe amana wala ada yoyote kabla ya kuiona nyumba mwenyewe.
mail-viewing-reminder-subject = Kumbusho: ziara ya kuona { $listing } saa { $when }
mail-viewing-reminder-body =
    Habari { $name },

    Ziara yako ya kuona "{ $listing }" inaanza baada ya saa { $hours } dakika { $minutes }, saa { $when } (saa za Nairobi).
    Mahali: { $place }

    Mazungumzo: { $conversation }

    Usilipe kamwe amana wala ada yoyote kabla ya kuiona nyumba mwenyewe.
mail-payout-number-subject = Thibitisha namba yako ya malipo kwa Dove Market
mail-payout-number-body =
    Habari { $name },

    Mtu aliyeingia kwenye akaunti yako ya Dove Market aliomba malipo yako yatumwe kwa namba ya M-Pesa { $phone }. Ili kuthibitisha, fungua:

    { $link }

    Kiungo kinafanya kazi mara moja, kwa saa 24.

    Kama si wewe, usifungue kiungo: badilisha nenosiri lako mara moja. Namba yako ya malipo inabaki ilivyo.

    Dove Market
mail-payout-number-change-subject = Thibitisha namba yako ya malipo kwa Dove Market
mail-payout-number-change-body =
    Habari { $name },

    Mtu aliyeingia kwenye akaunti yako ya Dove Market aliomba malipo yako yatumwe kwa namba ya M-Pesa { $phone }. Ili kuthibitisha, fungua:

    { $link }

    Kiungo kinafanya kazi mara moja, kwa saa 24. Malipo kwa namba mpya yanaanza saa 24 baada ya kuithibitisha.

    Kama si wewe, usifungue kiungo: badilisha nenosiri lako mara moja. Namba yako ya malipo inabaki ilivyo.

    Dove Market
mail-payout-sent-subject = Malipo yako ya { $amount } yako njiani
mail-payout-sent-body =
    Habari { $name },

    Malipo ya { $amount } kutoka kwenye salio lako la Dove Market yako njiani kwenda namba yako ya M-Pesa { $phone }.

    Kama hukuyaomba, badilisha nenosiri lako mara moja na utuambie.

    Dove Market
    { $link }
mail-task-due-subject = Kumbusho: { $task }
mail-task-due-body =
    Habari { $name },

    Ufuatiliaji wako umefika wakati wake: { $task }
    Mteja: { $buyer } kuhusu "{ $listing }"

    Fungua mteja: { $link }
mail-listing-expiring-subject = Tangazo lako linaisha baada ya { $days ->
        [one] siku 1
       *[other] siku { $days }
    }: { $listing }
mail-listing-expiring-body =
    Habari { $name },

    Tangazo lako "{ $listing }" litaondolewa baada ya { $days ->
        [one] siku 1
       *[other] siku { $days }
    }. Kama bado linapatikana, lifanye upya kwa siku nyingine 60:

    { $link }

    Kama limeuzwa au limekodishwa, liweke hivyo ili wanunuzi waache kuuliza.

    Dove Market
mail-search-alert-subject = { $count ->
        [one] Linalolingana jipya: { $first }
       *[other] Mapya { $count } yanayolingana na { $search }
    }
mail-search-alert-body =
    Habari { $name },

    Mapya kwenye Dove Market kwa utafutaji wako { $search }:

    { $matches }
    Tazama matokeo yote: { $results }

    Sitisha arifa hizi (bofya mara moja, bila kuingia): { $stop }

    Usilipe kamwe kabla ya kuiona nyumba au kuiona bidhaa.
    Dove Market
mail-order-step-subject = Oda { $order }: { $step }
mail-order-step-body =
    Habari { $name },

    Oda { $order } ({ $items }, { $total }) { $step }.

    Itazame hapa: { $link }
order-step-paid-buyer = imelipwa: pesa zinashikiliwa hadi uthibitishe umepokea
order-step-paid-host = imelipwa: nafasi imethibitishwa, na pesa zinashikiliwa hadi mgeni afike
order-step-paid-seller = imelipwa: mkabidhi mnunuzi
order-step-late-payment = haikuwa ikisubiri tena malipo yako ya { $amount } ({ $status }): yanarudishwa ulikotoka
order-step-cancelled = imeghairiwa na mnunuzi
order-step-handed-over = imekabidhiwa: thibitisha ukishaipokea
order-step-completed = imekamilika: pesa ni zako
order-step-expired = imeisha muda bila kulipwa: ilichoshikilia kiko wazi kwa wengine tena
order-step-refunded = imerudishiwa { $amount }
order-step-disputed = imepingwa na mnunuzi: msimamizi ataiangalia
order-step-settled = mzozo umetatuliwa: { $amount } zimerudishwa kwa mnunuzi, { $rest } kwa muuzaji

## Ujumbe mfupi (SMS moja: herufi 160 pamoja na jina, kichwa na kiungo)
sms-lead-alert = Dove: { $name } { $how } "{ $title }". { $link }
sms-lead-phone = ameomba nambari yako kuhusu
sms-lead-viewing = ameomba kuona
sms-lead-favourite = amehifadhi
sms-lead-message = amekutumia ujumbe kuhusu

## Maoni
reviews-title = Maoni
reviews-none = Bado hakuna maoni.
review-title = Maoni
review-title-new = Andika maoni
review-about = Maoni yako kuhusu { $name }
review-of = Maoni kuhusu { $name }
review-score = Kwa jumla
review-cat-accuracy = Usahihi
review-cat-communication = Mawasiliano
review-cat-location = Mahali
review-cat-value = Thamani
review-cat-as_described = Kama ilivyoelezwa
review-cat-delivery = Uwasilishaji
review-role-buyer = Alinunua au alikaa
review-role-seller = Muuzaji
review-role-visitor = Aliiona
review-body = Maoni yako (ya umma)
review-body-hint = Hadi herufi 1,000. Nambari za simu na viungo huondolewa.
review-note = Ujumbe wa faragha kwa { $name }
review-note-hint = Ni yeye tu atakayeuona, si umma.
review-submit = Tuma maoni
review-save = Hifadhi mabadiliko
review-blind = Maoni yako yatafichwa hadi { $name } aandike yake au siku 14 ziishe; kisha yote yanachapishwa pamoja. Unaweza kuyabadilisha hadi wakati huo.
review-removed-notice = Tumeondoa nambari ya simu au kiungo: maoni hayawezi kubeba mawasiliano.
review-pending = Bado hayajachapishwa: yatachapishwa upande mwingine ukiandika yake, au tarehe { $date } hivi karibuni.
review-hidden = Yamefichwa na msimamizi: { $reason }
review-hidden-badge = Yamefichwa
review-private-note = Ujumbe wa faragha:
review-reply = Jibu hadharani (mara moja)
review-reply-by = Jibu kutoka kwa { $name }
review-reply-submit = Tuma jibu
review-hide = Ficha maoni haya
review-hide-reason = Sababu (mwandishi ataambiwa)
review-open = Fungua
review-write-cta = Toa maoni kuhusu { $name }
review-edit-cta = Badilisha maoni yako
review-yours = Maoni yako
review-theirs = Maoni ya { $name } kuhusu wewe
review-window-until = Unaweza kutoa maoni hadi { $date }.
rating-new = Mpya
rating-none = Bado hakuna maoni
rating-line = { $avg } ★
rating-count = { $n ->
    [one] maoni 1
   *[other] maoni { $n }
}
admin-reviews-title = Maoni
viewing-attended-q = Je, ziara ya kuona ilifanyika?
viewing-attended-yes = Ndiyo, ilifanyika
viewing-attended-no = Hapana
viewing-attended-said-yes = Ulisema ziara ilifanyika.
viewing-attended-said-no = Ulisema ziara haikufanyika.
err-review-score-missing = Chagua alama ya jumla kutoka 1 hadi 5.
err-review-score-range = Alama ni kutoka 1 hadi 5.
err-review-category-missing = Toa alama kwa kila kipengele kutoka 1 hadi 5.
err-review-category-range = Kila kipengele kinapewa alama kutoka 1 hadi 5.
err-review-category-unknown = Kipengele hicho si sehemu ya maoni haya.
err-review-body-long = Maoni yasizidi herufi 1,000.
err-review-note-long = Ujumbe usizidi herufi 1,000.
err-review-not-yet = Unaweza kutoa maoni hili likikamilika (kwa ziara: nyote mkisema ilifanyika).
err-review-window-closed = Siku 14 za kutoa maoni zimepita.
err-review-exists = Tayari umetoa maoni kuhusu hili.
err-review-published = Maoni haya yamechapishwa na hayawezi kubadilishwa tena.
err-review-replied = Maoni haya tayari yana jibu.
err-review-not-published = Unaweza kujibu maoni yakishachapishwa.
err-review-reply-empty = Andika jibu.
err-review-reply-long = Jibu lisizidi herufi 1,000.
err-review-hide-reason = Eleza sababu, kwa ajili ya mwandishi.
err-review-hide-reason-long = Sababu isizidi herufi 1,000.
err-review-hidden = Maoni haya tayari yamefichwa.
err-viewing-not-yet = Ziara bado haijaanza.
err-viewing-attended-said = Tayari umesema kama ziara ilifanyika.
mail-review-hidden-subject = Maoni yako kuhusu { $title } yamefichwa
mail-review-hidden-body =
    Habari { $name },

    Msimamizi ameficha maoni yako kuhusu "{ $title }". Sababu:

    { $reason }

    Maoni yako: { $link }
mail-review-reminder-subject = Ilikuwaje? Toa maoni kuhusu { $other }
mail-review-reminder-body =
    Habari { $name },

    Umebakiwa na { $days ->
        [one] siku 1
       *[other] siku { $days }
    } kutoa maoni kuhusu { $other } ("{ $title }"). Maoni hufichwa hadi nyote mmeandika, kwa hivyo andika kilichotokea kweli.

    Andika maoni yako: { $link }

## Usalama na uaminifu
report-this-listing = Ripoti tangazo hili
report-this-user = Ripoti muuzaji huyu
report-this-review = Ripoti maoni haya
report-this-message = Ripoti ujumbe huu
report-reason = Kwa nini?
report-reason-scam = Ulaghai, au kuomba pesa kabla ya kuona
report-reason-unavailable = Tayari imekodishwa au kuuzwa
report-reason-wrong-price = Bei si sahihi
report-reason-stolen-photos = Picha za kuibwa
report-reason-offensive = Matusi
report-reason-duplicate = Nakala ya tangazo jingine
report-reason-signal-dispute = Mgogoro kwenye agizo
report-reason-signal-appeal = Rufaa
report-reason-signal-copied-photo = Picha imenakiliwa kutoka tangazo la muuzaji mwingine
report-reason-signal-low-price = Bei iko chini sana ya eneo
report-detail = Kilichotokea (si lazima)
report-send = Tuma ripoti
report-title = Ripoti
report-thanks = Asante. Msimamizi ataiangalia; aliyeripotiwa haambiwi nani alimripoti.
report-back = Rudi
err-trust-reason-unknown = Chagua sababu kutoka kwenye orodha.
err-trust-text-required = Eleza sababu kwa maneno machache.
err-trust-text-long = Isizidi herufi 1,000.
err-trust-reports-limited = Umetuma ripoti kumi katika saa iliyopita. Jaribu tena baadaye.
err-trust-action-unknown = Chagua hatua.
err-trust-not-a-listing = Ni kesi ya tangazo tu inayoweza kuficha tangazo.
err-trust-days-range = Kusimamishwa ni siku 1 hadi 365; zaidi ya hapo, funga akaunti.
err-trust-case-closed = Kesi hii imeshafungwa.
err-trust-appeal-made = Tayari umekata rufaa kwa kusimamishwa huku.
trust-queue-title = Foleni ya usalama
trust-queue-empty = Hakuna cha kuangalia.
trust-case-title = Kesi
trust-audit-title = Kumbukumbu za wasimamizi
trust-audit-empty = Bado hakuna hatua za wasimamizi.
trust-subject-listing = Tangazo
trust-subject-user = Akaunti
trust-subject-message = Ujumbe
trust-subject-review = Maoni
trust-reports-n = { $n ->
    [one] ripoti 1
   *[other] ripoti { $n }
}
trust-reports = Ripoti na ishara
trust-raised-by-app = imetolewa na Dove
trust-account = Akaunti
trust-member-since = Mwanachama tangu
trust-reports-against = Ripoti dhidi yake
trust-disputes = Migogoro kwenye maagizo yake
trust-suspended = Imesimamishwa
trust-hidden = Imefichwa
trust-their-listings = Matangazo yake
trust-their-orders = Maagizo yake
trust-conversation = Mazungumzo
trust-open-listing = Fungua tangazo
trust-action = Hatua ya kuchukua
trust-action-dismiss = Puuza
trust-action-warn = Onya
trust-action-hide-listing = Ficha tangazo
trust-action-suspend = Simamisha (siku hapa chini)
trust-action-ban = Funga akaunti
trust-action-restore = Rejesha (ondoa kusimamishwa, onyesha matangazo tena)
trust-phone = Simu
trust-done-dismiss = Imepuuzwa
trust-done-warn = Ameonywa
trust-done-hide-listing = Tangazo limefichwa
trust-done-suspend = Amesimamishwa
trust-done-ban = Akaunti imefungwa
trust-done-restore = Imerejeshwa
trust-done-hide-review = Maoni yamefichwa
phone-change = Badilisha simu yako
trust-reason = Sababu (mhusika ataambiwa; inahifadhiwa kwenye kumbukumbu)
trust-days = Siku (za kusimamishwa)
trust-decide = Amua
trust-closed = Imefungwa
trust-told-warn = Hili ni onyo kuhusu
trust-told-hide-listing = Tumeficha tangazo lako
trust-told-suspend = Tumesimamisha akaunti yako kwa sababu ya
trust-told-ban = Tumefunga akaunti yako kwa sababu ya
trust-told-restore = Tumerejesha akaunti na matangazo yako baada ya kuangalia tena
trust-appeal-title = Kata rufaa ya kusimamishwa
trust-appeal-lead = Ikiwa akaunti yako ilisimamishwa, tuambie kwa nini tuangalie tena. Unaweza kukata rufaa mara moja.
trust-appeal-text = Rufaa yako
trust-appeal-send = Tuma rufaa
trust-appeal-sent = Rufaa yako iko kwa wasimamizi. Tutakuandikia.
trust-appeal-invite = Unaweza kukata rufaa mara moja, kupitia "Kata rufaa ya kusimamishwa".
trust-appeal-made-note = Rufaa yako iko kwa wasimamizi.
error-suspended = Akaunti hii imesimamishwa hadi { $until }: { $reason }.
error-banned = Akaunti hii imefungwa: { $reason }.
mail-trust-action-subject = Kuhusu akaunti yako ya Dove Market
mail-trust-action-body =
    Habari { $name },

    { $what }: "{ $summary }".

    Sababu: { $reason }
    { $until }

    Ikiwa unaona si sahihi, unaweza kukata rufaa mara moja: { $link }

## Kuthibitisha simu
phone-title = Thibitisha simu yako
phone-lead = Tunakutumia msimbo wa tarakimu 6 kwa SMS. Wanunuzi wanaona "Simu imethibitishwa" kwenye matangazo yako, na ni nambari iliyothibitishwa tu inayoonyeshwa kwao, kutumiwa kwa arifa za SMS au kwa malipo.
phone-number = Nambari ya simu
phone-number-hint = Nambari ya simu ya Kenya, kama 0712 345 678.
phone-send = Nitumie msimbo
phone-code-sent = Tumetuma msimbo kwa { $phone }. Unafanya kazi kwa dakika 10.
phone-code = Msimbo wa tarakimu 6
phone-verify = Thibitisha
phone-send-again = Tuma msimbo mpya
phone-verified = Simu imethibitishwa
phone-verified-done = Simu yako imethibitishwa.
err-phone-not-kenyan-mobile = Weka nambari ya simu ya Kenya, kama 0712 345 678.
err-code-malformed = Msimbo ni tarakimu 6 tulizokutumia.
err-code-none = Omba msimbo kwanza.
err-code-expired = Msimbo huo umeisha muda. Omba mpya.
err-code-used-up = Msimbo huo umejaribiwa mara 5. Omba mpya.
err-code-wrong = Huo si msimbo tuliokutumia.
err-code-limited = Misimbo mingi imetumwa hivi karibuni. Jaribu tena baada ya saa moja.
err-payout-phone-unverified = Thibitisha simu yako kwanza (Akaunti, Thibitisha simu yako).
sms-phone-code = Dove: msimbo wako ni { $code }. Unaisha baada ya dakika 10. Usimpe mtu yeyote: Dove haitakuuliza.
