# English. Keep keys in step with sw.ftl (a test checks).
site-name = Dove Market
site-title = Dove Market · Houses and products, straight from the owner
site-description = Rent or buy houses and products in Kenya directly from owners and shops. No brokers.
skip-to-content = Skip to content
search-label = Search listings
search-placeholder = Try "2 bedroom Kilimani" or "iPhone 13"
search-button = Search
nav-label = Account
nav-account = Your account
nav-sign-in = Sign in
nav-sign-up = Sign up
nav-sign-out = Sign out
footer-tagline = Dove Market: deal directly with owners. No broker fees.
footer-safety = Never pay before you have viewed a house or seen an item.
footer-language = Language
footer-api = API
per-month = / month
home-heading = Houses and products, straight from the owner
home-lead = Find a place to live or something to buy, and talk to the owner directly.
home-recent = Recently listed
home-empty = Nothing has been listed yet.
error-status-line = Error code:
error-home = Back to the home page
error-not-found = We could not find that page
error-csrf = This form has expired. Go back, reload the page and try again.
error-too-large = That was too much data to send at once.
error-timeout = That took too long. Please try again.
error-too-many = Too many attempts. Please wait a little and try again.
error-too-many-wait = Too many attempts. Try again in { $minutes } minutes.
error-method = That action is not possible here.
error-internal = Something went wrong on our side. Please try again.
error-bad-request = We could not understand that request.
error-link-dead = This link has expired or has already been used.
error-bad-credentials = Email or password is incorrect.
error-unverified = Confirm your email address first. We have sent you a new link.
dev-mail-heading = Dev mailbox
dev-mail-lead = Mail the app would have sent. Shown only in demo and dev mode.
dev-mail-empty = No mail yet.
dev-mail-to = To
dev-mail-subject = Subject
signup-title = Create your account
signup-lead = Buy, rent and sell directly. It takes a minute.
signup-submit = Create account
signup-have-account = Already have an account?
label-name = Full name
label-email = Email
label-phone = Phone (optional)
label-password = Password
label-new-password = New password
label-current-password = Current password
label-store-name = Store name
label-slug = Store web address
hint-phone = A Kenyan number such as 0712 345 678.
hint-password = At least 12 characters. A short sentence is easy to remember.
hint-slug = Letters, numbers and hyphens, such as kilimani-homes.
check-email-title = Check your email
check-email-body = We have sent a message to { $email }. Open the link in it to finish creating your account.
verify-title = Confirm your email
verify-lead = Enter the password you chose when you signed up, and your account is ready.
verify-password = The password you chose when you signed up
err-confirm-password-wrong = That is not the password this account was made with. If you did not sign up with it, sign up again with this email and your own password, then use the new link.
verify-submit = Confirm email
verify-again = Sign up again to get a new link
signin-title = Sign in
signin-submit = Sign in
signin-forgot = Forgot your password?
signin-no-account = New to Dove Market?
forgot-title = Reset your password
forgot-lead = Enter your email and we will send you a link to choose a new password.
forgot-submit = Send reset link
forgot-sent-title = Check your email
forgot-sent-body = If an account exists for that email, we have sent a link to reset the password. The link works for 30 minutes.
reset-title = Choose a new password
reset-again = Ask for a new link
reset-submit = Set new password
account-title = Your account
account-phone = Phone
account-member-since = Member since
account-role = Account type
role-buyer = Buyer
role-seller = Seller
role-admin = Administrator
account-selling = Selling
account-store = Your store: { $store }
account-start-selling-lead = List houses or products and deal with buyers directly.
account-start-selling = Start selling
account-security = Security
account-sign-out-everywhere = Sign out of all devices
password-title = Change password
password-lead = Other devices will be signed out.
password-submit = Change password
store-title = Start selling
store-lead = Give your store a name. Buyers see it on every listing.
store-submit = Open my store
notice-password-reset = Your password has been changed. Sign in with your new password.
notice-password-changed = Your password has been changed. Other devices have been signed out.
notice-signed-out-everywhere = You have been signed out on all devices.
notice-email-confirmed = Your email is confirmed. Welcome to Dove Market!
notice-store-created = Your store is open.
err-email-empty = Enter your email address.
err-email-too-long = That email address is too long.
err-email-malformed = Enter an email address like name@example.com.
err-phone-malformed = Enter a phone number like 0712 345 678 or +254 712 345 678.
err-name-empty = Enter a name.
err-name-too-long = That name is too long.
err-password-too-short = Use at least 12 characters.
err-password-too-long = Use at most 128 characters.
err-password-common = That password is too common. Choose one that is harder to guess.
err-password-wrong = That is not your current password.
err-slug-length = Use 3 to 40 characters.
err-slug-characters = Use only lower-case letters, numbers and single hyphens.
err-slug-reserved = That address is reserved. Choose another.
err-slug-taken = That address is taken. Choose another.
# Listings
yes = Yes
no = No
choose = Choose…
continue = Continue
save-continue = Save and continue
untitled = Untitled draft
new-title = What are you listing?
new-property = A house or property
new-product = A product
edit-title = Your listing
edit-fix-errors = Please correct the fields marked below.
step-what = What
step-where = Where
step-details = Details
step-photos = Photos
step-price = Price
step-preview = Preview
label-offer = Offer
offer-rent = For rent
offer-sale = For sale
label-property-type = Property type
property-type-bedsitter = Bedsitter
property-type-single_room = Single room
property-type-studio = Studio
property-type-apartment = Apartment
property-type-bungalow = Bungalow
property-type-maisonette = Maisonette
property-type-townhouse = Townhouse
property-type-villa = Villa
property-type-plot = Plot
property-type-office = Office
property-type-shop = Shop
label-category = Category
label-condition = Condition
condition-new = New
condition-used = Used
condition-refurbished = Refurbished
label-title = Title
hint-title = Say what it is and where, such as "2 bedroom apartment in Kilimani".
label-county = County
label-town = Town
label-neighbourhood = Neighbourhood
label-pin = Map pin
hint-pin = The position on the map, in decimal degrees. Buyers see an area of about 500 m unless you choose to show the exact spot.
label-lat = Latitude
label-lng = Longitude
use-my-location = Use my current location
label-show-exact = Show the exact location on the map
hint-show-exact = Leave this off for a home you live in.
label-bedrooms = Bedrooms
label-bathrooms = Bathrooms
label-area = Floor area (m²)
label-furnished = Furnished
label-parking = Parking
label-amenities = Amenities
amenity-water = Water tank or borehole
amenity-security = Security
amenity-backup-power = Backup power
amenity-wifi = WiFi
amenity-lift = Lift
amenity-pool = Swimming pool
amenity-garden = Garden
amenity-pets = Pets allowed
label-available-from = Available from
label-quantity = Quantity in stock
label-delivery = Delivery available
label-pickup = Pickup available
label-description = Description
hint-description = Plain text. Say what makes it good, and anything a buyer must know.
hint-photos = Up to 20 photos: JPEG, PNG or WebP, at most 15 MB each. The first one is the cover.
label-add-photos = Add photos
upload-photos = Upload photos
listing-photo = Photo
photo-cover = Cover
photo-make-cover = Make cover
photo-earlier = Move earlier
photo-later = Move later
photo-delete = Delete
label-rent = Monthly rent (KES)
label-price = Price (KES)
label-deposit = Deposit (months of rent)
label-service-charge = Service charge per month (KES)
preview-missing = Before you can publish, add:
preview-open = Open the listing
missing-title = a title
missing-description = a description of at least 20 characters
missing-price = a price
missing-county = the county
missing-town = the town
missing-lat = the map pin
missing-photos = at least one photo
missing-category = the category
missing-property_type = the property type
missing-bedrooms = the number of bedrooms
missing-bathrooms = the number of bathrooms
missing-condition = the condition
missing-quantity = the quantity in stock
missing-delivery = delivery or pickup
action-publish = Publish
action-pause = Pause
action-resume = Resume
action-mark-sold = Mark sold
action-mark-rented = Mark rented
action-renew = Renew for 60 days
action-archive = Archive
action-duplicate = Duplicate
action-delete = Delete draft
status-draft = Draft
status-published = Published
status-paused = Paused
status-sold = Sold
status-rented = Rented
status-archived = Archived
status-expired = Expired
mine-title = My listings
mine-new = List something new
mine-empty = You have no listings yet.
done-publish = Published.
done-pause = Paused. Buyers no longer see it.
done-resume = Live again.
done-mark-sold = Marked as sold.
done-mark-rented = Marked as rented.
done-renew = Renewed for 60 days.
done-archive = Archived.
done-duplicate = Copied into a new draft.
done-delete = Draft deleted.
notice-listing-live = Your listing is live. Share the link to reach buyers faster.
listing-private = Only you can see this listing. Status: { $status }.
listing-unavailable = This is no longer available.
listing-photos = Photos
listing-swipe = swipe to see more
listing-description = Description
listing-location = Location
county-of = { $county } County
location-exact = This is the exact location.
location-approximate = The map shows the area, within about 500 m; the owner shares the exact address.
listing-show-map = Show on map
listing-seller = Seller
seller-member-since = Member since { $year }
seller-active-listings = { $n ->
    [one] 1 active listing
   *[other] { $n } active listings
}
listing-share = Share
share-whatsapp = Share on WhatsApp
share-link = Link to this listing
share-copy = Copy link
share-copied = Copied
listing-edit = Edit
store-empty = This store has nothing listed right now.
n-views = { $n ->
    [one] 1 view
   *[other] { $n } views
}
n-photos = { $n ->
    [one] 1 photo
   *[other] { $n } photos
}
n-bedrooms = { $n ->
    [0] No bedroom
    [one] 1 bedroom
   *[other] { $n } bedrooms
}
n-bathrooms = { $n ->
    [one] 1 bathroom
   *[other] { $n } bathrooms
}
n-months = { $n ->
    [one] 1 month
   *[other] { $n } months
}
fact-type = Type
fact-bedrooms = Bedrooms
fact-bathrooms = Bathrooms
fact-area = Floor area
fact-furnished = Furnished
fact-parking = Parking
fact-amenities = Amenities
fact-deposit = Deposit
fact-service-charge = Service charge
fact-available = Available from
fact-category = Category
fact-condition = Condition
fact-quantity = In stock
fact-delivery = Getting it
delivery = Delivery
pickup = Pickup
categories-title = Categories
label-slug-plain = Slug
label-kind = Kind
label-parent = Parent category (slug)
hint-parent = Leave empty for a top-level category.
category-rename = Rename
category-retire = Retire
category-restore = Restore
category-add = Add a category
err-required = This is required.
err-title-short = Use at least 5 characters.
err-title-long = Use at most 100 characters.
err-description-long = Use at most 5,000 characters.
err-description-short = Write at least 20 characters.
err-price-invalid = Enter the price as a number, such as 45000.
err-amount-invalid = Enter the amount as a number, such as 5000.
err-password-missing = Enter your password.
err-price-not-positive = Enter a price above zero.
err-price-absurd = That price is too high. Check the number of zeros.
err-bedrooms-range = Enter a number from 0 to 50.
err-bathrooms-range = Enter a number from 0 to 50.
err-area-range = Enter the floor area in square metres, from 1.
err-deposit-range = Enter a number of months from 0 to 24.
err-quantity-range = Enter a quantity of at least 1.
err-date-invalid = Enter a date like 2026-12-01.
err-county-unknown = Choose a county from the list.
err-place-long = Use at most 80 characters.
err-lat-range = Enter a latitude between -90 and 90.
err-lng-range = Enter a longitude between -180 and 180.
err-location-outside-kenya = The pin must be in Kenya. Check the latitude and longitude.
err-location-far-from-county = The pin is far from that county. Check the pin or the county.
err-offer-unknown = Choose for rent or for sale.
err-property-type-unknown = Choose a property type from the list.
err-condition-unknown = Choose new, used or refurbished.
err-amenity-unknown = Choose amenities from the list.
err-kind-unknown = Choose property or product.
err-category-unknown = Choose a category from the list.
err-delivery-or-pickup = Offer delivery, pickup or both.
err-photos-required = Add at least one photo.
err-photos-too-many = A listing can have at most 20 photos.
err-photo-not-image = That file is not a photo.
err-photo-format = Only JPEG, PNG and WebP photos are accepted.
err-photo-too-large = A photo can be at most 15 MB.
err-photo-too-many-pixels = That photo has more than 40 megapixels. Send a smaller one.
err-photo-too-small = That photo is too small. Use at least 320 × 240 pixels.
err-photo-corrupt = That photo is damaged or incomplete. Try sending it again.
err-photo-upload-failed = The upload was interrupted. Try again.
err-upload-busy = Many photos are being uploaded right now. Try again in a few seconds.
err-photo-none = Choose at least one photo.
err-photo-order-mismatch = Send every photo of the listing exactly once.
err-illegal-transition = That is not possible for a listing that is { $status }.
err-not-a-draft = Only drafts can be deleted. Archive it instead.
# Search
search-title = Search
search-filters = Filters
search-suggestions = Suggestions
suggest-listing = Listing
suggest-place = Place
suggest-category = Category
any = Any
label-price-min = Lowest price (KES)
label-price-max = Highest price (KES)
label-bedrooms-min = Bedrooms, at least
label-near = Near (town)
label-radius = Within (km)
label-sort = Sort by
sort-default = Best first
sort-relevance = Best match
sort-newest = Newest
sort-price_asc = Price, lowest first
sort-price_desc = Price, highest first
sort-distance = Nearest
search-invalid = Some search settings are not valid:
n-results = { $n ->
    [0] No results
    [one] 1 result
   *[other] { $n } results
}
search-relaxed = Nothing matched every word, so these match some of them.
search-empty = Nothing matches yet. Try fewer words or filters, or a nearby place.
search-clear-filters = Search without filters
pages = Pages
page-prev = Previous
page-next = Next
search-refine = Refine
facet-category = Category
facet-town = Town
facet-bedrooms = Bedrooms
facet-price = Price
err-price-range-inverted = The highest price is below the lowest.
err-radius-range = Enter a distance above 0 and up to 500 km.
err-radius-needs-point = Choose a place (near) or share your location to search by distance.
err-sort-unknown = Choose a sort order from the list.
err-sort-needs-point = Sorting by distance needs a place.
err-page-range = That page does not exist. Results go up to page 50.
err-bbox-invalid = The map area is not valid.
err-town-unknown = We do not know that town. Try a nearby larger town.
err-location-incomplete = Give both latitude and longitude.
err-furnished-unknown = Choose yes or no for furnished.
saved-title = Saved
saved-empty = Nothing saved yet. Tap the heart on a listing to keep it here.
saved-browse = Find something
fav-save = Save
fav-saved = Saved
fav-remove = Remove
alerts-title = Search alerts
alerts-empty = No alerts yet. On any search, choose "Alert me" to hear about new matches.
alerts-saved = Alert saved. We will email you new matches.
alerts-too-many = You have 20 alerts already. Stop one to add another.
alerts-deleted = Alert stopped.
alerts-stop = Stop
alert-me-label = Email me new matches
alert-me = Alert me
frequency-instant = As they come
frequency-daily = Once a day
unsubscribed-title = Alert stopped
unsubscribed-body = You will get no more emails for this search.
unsubscribe-bad-title = This link is not valid
unsubscribe-bad-body = The unsubscribe link is broken or was changed. Sign in and manage your alerts from your account.
err-frequency-unknown = Choose instant or daily.
view-label = Show results as
view-list = List
view-map = Map
search-this-area = Search this area
map-needs-js = The map needs JavaScript; the list below has every result.
did-you-mean = Did you mean

## Messages
nav-inbox = Messages
message-seller = Message the seller
message-opener = Hello, is "{ $title }" still available?
message-never-pay = Never pay a deposit or any fee before you have viewed the house in person and met the owner. Dove never asks you to pay outside the app.
message-label = Your message
message-send = Send
message-seen = Seen
message-sent = Sent
message-caution = Be careful: this message { $why }. Don't send money before you have viewed the place.
inbox-title = Messages
inbox-archived = Archived
inbox-empty = No conversations yet. Message a seller from any listing.
inbox-you = You:
n-unread = { $n ->
    [one] 1 unread
   *[other] { $n } unread
}
conversation-more = Archive, block or report
conversation-archive = Archive
conversation-unarchive = Move back to inbox
conversation-block = Block this user
conversation-unblock = Unblock
conversation-you-blocked = You have blocked this user. They can't send you messages.
conversation-report-reason = What is wrong?
conversation-report = Report this conversation
conversation-reported = Thank you. Our team will look at this conversation.
conversation-blocked = Blocked. This user can no longer message you.
conversation-unblocked = Unblocked.
err-message-empty = Write a message first.
err-message-too-long = Keep it under 2,000 characters.
err-message-flood = You are sending messages too fast. Wait a minute and try again.
err-message-own-listing = This is your own listing.
err-message-blocked = This user does not accept your messages.
err-report-empty = Say what is wrong.
err-report-too-long = Keep it under 1,000 characters.
contact-title = Contact the seller
contact-call = Call
contact-whatsapp = WhatsApp
contact-no-phone = This seller takes messages only.
contact-sign-in = Sign in to see the seller's phone number.
err-channel-unknown = Choose call or whatsapp.

## Leads
nav-leads = Leads
leads-title = Leads
leads-empty = No leads yet. Buyers who message you, call you or ask for a viewing appear here.
leads-median-reply = { $n ->
    [one] You reply in 1 minute (median)
   *[other] You reply in { $n } minutes (median)
}
leads-no-replies = No replies yet: answer quickly, buyers notice.
leads-within-hour = { $n }% answered within an hour
leads-stage = Stage
leads-source = Source
leads-days = Last N days
leads-filter = Filter
leads-export = Export CSV
leads-move = Move
leads-move-to = Move to
leads-lost-reason = Reason (needed for Lost)
leads-tasks = Follow-ups
leads-task-title = Follow-up
leads-task-due = Due (Nairobi time)
leads-task-add = Add follow-up
leads-task-done = Done
leads-notes = Notes
leads-note-add = Add note
leads-history = History
stage-new = New
stage-contacted = Contacted
stage-viewing = Viewing scheduled
stage-negotiating = Negotiating
stage-won = Won
stage-lost = Lost
source-message = Message
source-phone = Phone
source-viewing = Viewing request
source-favourite = Saved it
event-message = First message
event-replied = You replied
event-call = Saw your number to call
event-whatsapp = Opened WhatsApp
event-stage = Stage changed
err-stage-unknown = Choose a stage.
err-stage-reopen-first = This lead is closed: move it to Contacted to reopen it first.
err-source-unknown = Choose a source.
err-days-range = Use a number of days from 1 to 3650.
err-lost-reason-required = Say why the lead was lost.
err-lost-reason-too-long = Keep it under 200 characters.
err-note-empty = Write the note first.
err-note-too-long = Keep it under 2,000 characters.
err-task-empty = Say what to do.
err-task-too-long = Keep it under 200 characters.
err-task-due-required = Choose when it is due.
err-task-due-past = That time has passed.

# Photos in messages
message-attach = Add photos
message-photo = Photo sent in this conversation
err-message-too-many-photos = Send at most 3 photos in one message.

# Preferences
preferences-title = Sharing and alerts
preferences-lead = Choose what sellers see and how you hear about new leads
preferences-saved = Saved.
preferences-share-favourites = Let sellers know when I save their listing
preferences-share-favourites-hint = They see your name as a lead and may message you. Off unless you turn it on.
preferences-sms-leads = Text me when a buyer contacts me
preferences-sms-leads-hint = One SMS per new lead, to the phone number on your account.
preferences-save = Save
err-sms-needs-phone = Verify a phone number on your account first.

# Viewings
viewing-request = Request a viewing
viewing-request-title = Request a viewing
viewing-request-lead = Suggest up to three times that suit you. The owner picks one or suggests another.
viewing-times = Times that suit you
viewing-time-n = Time { $n }
viewing-times-hint = Nairobi time. Each viewing takes about an hour.
viewing-note = Note to the owner (optional)
viewing-request-send = Send request
viewing-title = Viewing
viewing-confirmed = Viewing confirmed for { $time }.
viewing-add-calendar = Add to calendar (.ics)
viewing-cancel = Cancel the viewing
viewing-pick = { $name } asked to view at one of these times:
viewing-accept = Accept this time
viewing-decline = Decline
viewing-propose = Suggest other times
viewing-propose-send = Send these times
viewing-waiting = Waiting for { $name } to answer:
viewing-withdraw = Withdraw the request
viewing-your-turn = Your answer needed
viewings-title = Viewings
viewings-none = No viewings coming up. Ask for one from any house you like.
conversation-viewing-requested = Viewing requested. The owner will answer here.
conversation-viewing-accepted = Viewing confirmed. You will get a reminder two hours before.
conversation-viewing-declined = Viewing request declined.
conversation-viewing-proposed = Your times were sent.
conversation-viewing-cancelled = Viewing cancelled.
err-viewing-slots-required = Choose at least one time.
err-viewing-slots-too-many = Choose at most three times.
err-viewing-slot-past = That time has passed. Choose a time in the future.
err-viewing-slot-too-far = Choose a time within the next 90 days.
err-viewing-slots-overlap = Leave at least an hour between the times.
err-viewing-slot-invalid = That is not a date and time.
err-viewing-note-too-long = Keep the note under 500 characters.
err-viewing-own-listing = This is your own listing.
err-viewing-already-scheduled = A viewing is already arranged in this conversation.
err-viewing-already-open = A viewing request is already waiting for an answer.
err-viewing-not-your-turn = The other side has to answer first.
err-viewing-slot-unknown = Choose one of the proposed times.
err-viewing-slot-taken = You already have a viewing at that time.
err-viewing-closed = This viewing can no longer be changed.
err-viewing-changed = The viewing changed meanwhile. Look at it again.
err-viewing-not-found = This viewing no longer exists.
inbox-older = Older conversations
leads-older = Older leads
err-cursor-invalid = That page link is not valid. Start again from the first page.

# Orders
orders-title = Orders
orders-purchases = Purchases
orders-sales = Sales
orders-empty = No orders yet.
orders-older = Older orders
order-title = Order
order-quantity = Quantity
order-in-stock = { $n ->
    [one] { $n } in stock
   *[other] { $n } in stock
}
order-fulfilment = Delivery or pickup
order-delivery = Delivery
order-pickup = Pickup
order-buy-now = Buy now
order-out-of-stock = Out of stock.
order-item = Item
order-price = Price
order-total = Total
order-buyer = Buyer
order-seller = Seller
order-placed = Placed
order-pay-by = Waiting for payment. The items are held for you until { $time }.
order-cancel = Cancel the order
order-refused-title = The order was not placed
order-back-to-listing = Back to the listing
order-status-pending_payment = Awaiting payment
order-status-paid = Paid, held safely
order-status-fulfilled = Handed over
order-status-completed = Completed
order-status-cancelled = Cancelled
order-status-expired = Expired unpaid
order-status-refunded = Refunded
order-status-disputed = Disputed
err-quantity-too-small = Order at least one.
err-quantity-too-large = Order at most 100 at once.
err-total-too-large = That comes to more than one order can hold. Take fewer, or fewer nights.
err-quantity-above-stock = There are not that many in stock.
err-order-own-listing = This is your own listing.
err-fulfilment-not-offered = The seller does not offer that.
err-fulfilment-unknown = Choose delivery or pickup.
err-idempotency-key-invalid = The Idempotency-Key header must be 1 to 200 characters.
err-idempotency-key-reused = This Idempotency-Key was used with a different request.
err-role-unknown = Choose buyer or seller.
dev-payments-title = Sandbox phone (M-Pesa)
dev-payments-lead = Payment prompts the sandbox gateway sent. Answer one as the buyer would on their phone; the app gets the same callback M-Pesa would send.
dev-payments-empty = No payment prompts yet.
dev-payments-approve = Enter PIN and pay
dev-payments-decline = Cancel
dev-payments-timeout = Let it time out
order-mpesa-phone = M-Pesa phone number
order-pay-mpesa = Pay { $total } with M-Pesa
order-check-phone = Check your phone: we sent an M-Pesa prompt to { $phone }. Enter your PIN there. This page updates by itself.
order-receipt = M-Pesa receipt { $receipt }.
payment-failed-cancelled = The payment was cancelled on the phone. Try again when you are ready.
payment-failed-insufficient-funds = Not enough money in the M-Pesa account.
payment-failed-wrong-pin = The PIN was wrong. Try again.
payment-failed-phone-unreachable = The phone could not be reached. Check it is on, then try again.
payment-failed-expired = The prompt timed out. Try again.
payment-failed-declined = M-Pesa declined the payment.
err-phone-not-mpesa = Enter a Kenyan mobile number, like 0712 345 678.
err-mpesa-kes-only = M-Pesa takes whole shillings only.
err-order-not-payable = This order can no longer be paid.
err-mpesa-unreachable = M-Pesa could not be reached. Try again in a moment.
orders-balance = Your balance: { $amount }
orders-held = held until buyers confirm: { $amount }
order-paid-seller = Paid. The money is held safely and comes to you when the buyer confirms they received it.
order-fulfil = Mark as handed over
order-confirm-lead-product = The seller says this was handed over. Confirm only once you have it: the money then goes to the seller.
order-confirm-lead-stay = Paid and booked. Once you have arrived and all is as described, confirm: the money then goes to the host. Without a word from you it goes a day after check-in.
order-confirm-lead-let = Paid and reserved. Once you have moved in, confirm: the deposit then goes to the landlord. Without a word from you it goes 7 days after the move-in day.
order-confirm-product = I received it
order-confirm-stay = I have arrived
order-confirm-let = I have moved in
receipt-title = Receipt for order { $ref }
receipt-link = Receipt
receipt-status = Status
receipt-mpesa = M-Pesa receipt
receipt-print = Print this page, or save it as a PDF, from your browser's menu.
offers-title = Offers
offers-empty = No offers yet. Make one from any house for sale.
offer-make-label = Your offer, in shillings
offer-make = Make an offer
offer-amount = Amount (KES)
offer-your-turn = Your answer needed
offer-accept = Accept
offer-decline = Decline
offer-counter = Counter
offer-withdraw = Withdraw
offer-status-open = Open
offer-status-accepted = Accepted
offer-status-declined = Declined
offer-status-withdrawn = Withdrawn
err-offer-amount-range = Offer more than nothing, and less than 1,000,000,000.
err-offer-amount-invalid = Write the amount in shillings, digits only.
err-offer-own-listing = This is your own listing.
err-offer-already-open = You already have an open offer on this house.
err-offer-not-your-turn = The other side has to answer first.
err-offer-closed = This offer is no longer open.
err-offer-changed = The offer changed meanwhile. Look at it again.
err-offer-reply-unknown = Answer with accept, decline, counter or withdraw.

# Bookings, cart, refunds, disputes, payouts, admin money
order-kind-stay = Stay
order-kind-let = Move-in
order-kind-product = Items
order-booked-seller-stay = Paid. The money is held safely and comes to you when the guest confirms arrival, or a day after check-in.
order-booked-seller-let = Paid. The deposit is held safely and comes to you when the tenant confirms moving in, or 7 days after the move-in day.
order-refunded = Refunded
order-pay-card = Pay by card
order-card-continue = Finish paying on the card page
order-disputed-note = The buyer opened a dispute. The money stays held until an admin decides.
refund-title = Give money back
order-payment-late = Your payment came after this order had stopped waiting for it. It is being refunded to where it came from: no one is holding it.
refund-amount = Amount to give back (at most { $max })
refund-reason = Why (the buyer reads this)
refund-send = Refund
dispute-title = Something wrong? Open a dispute
dispute-reason = What is wrong
dispute-open = Open a dispute
calendar-title = Availability
calendar-prev = Earlier
calendar-next = Later
calendar-mon = Mon
calendar-tue = Tue
calendar-wed = Wed
calendar-thu = Thu
calendar-fri = Fri
calendar-sat = Sat
calendar-sun = Sun
night-free = Free
night-booked = Booked
night-blocked = Not available
night-past = Past
stay-price = { $price } a night
stay-min-nights = { $n ->
    [one] at least 1 night
   *[other] at least { $n } nights
}
stay-not-set = Not let by the night yet. Set a nightly price to take bookings.
stay-book-title = Book your stay
stay-check-in = Check-in
stay-check-out = Check-out
stay-book-hint = { $price } a night. You pay now; the money is held until you arrive.
stay-book = Book and pay
stay-manage = Calendar and nightly price
stay-see-dates = See free dates and book
stay-offer-nightly = Let by the night instead
stay-settings-title = Nightly price
stay-nightly-price = Price a night (KES)
stay-min-nights-label = Shortest stay, in nights
stay-save = Save
block-title = Block or free dates
block-from = From
block-to = To (included)
block-action = These dates are
block-block = Not available
block-free = Free again
block-save = Save dates
notice-stay-saved = Saved. Guests can book by the night.
notice-dates-blocked = Those dates are blocked.
notice-dates-freed = Those dates are free again.
let-move-in = Move-in day
let-deposit-hint = Reserve with a holding deposit of { $deposit } (one month's rent). It is held safely and goes to the landlord once you move in.
let-reserve = Reserve and pay the deposit
let-reserved = Reserved by a tenant.
cart-title = Cart
cart-add = Add to cart
cart-empty = Your cart is empty.
cart-browse = Find things to buy
cart-per-seller = Each shop hands over its own things: checking out makes one order per shop.
cart-update = Update
cart-remove = Remove
cart-subtotal = Subtotal
cart-total = Total { $total }
cart-unavailable = No longer for sale
cart-checkout = { $n ->
    [one] Check out
   *[other] Check out: { $n } orders
}
money-title = Money
money-balance = Your balance
money-held = Held until buyers confirm
money-explain = Buyers' money is held safely until they confirm. Then it becomes your balance, less the platform's commission, and you can withdraw it to M-Pesa.
money-withdraw-title = Withdraw to M-Pesa
money-amount = Amount (KES)
money-withdraw = Withdraw
money-payouts = Payouts
money-no-payouts = No payouts yet.
money-when = When
money-status = Status
money-payout-sent = The payout is on its way to your phone.
payout-purpose-seller = Withdrawal
payout-purpose-refund = Refund
payout-status-pending = On its way
payout-status-succeeded = Paid
payout-status-failed = Failed: the money is back in your balance
money-number-is = Payouts go to your M-Pesa number { $phone }.
money-number-none = Set your payout number below before you withdraw.
money-number-set-title = Your payout number
money-number-change-title = Change your payout number
money-number-explain = Payouts go only to this number. Setting or changing it needs your password and the link we email you, so someone who gets into your account cannot send your money elsewhere.
money-number-password = Your password
money-number-submit = Email me the link
money-number-pending = Waiting for you to open the link we emailed for { $phone }.
money-number-asked = Check your email: open the link we sent to confirm the number.
money-number-confirmed = Your payout number is confirmed.
money-number-held = Payouts to a new number start 24 hours after you confirm it.
money-number-held-until = Yours start on { $time }.
number-confirm-title = Confirm your payout number
number-confirm-lead = One click and your payouts go to the number you asked for.
number-confirm-submit = Confirm the number
err-payout-number-missing = Set your payout number first.
err-payout-number-held = Payouts to a new number start 24 hours after you confirm it.
err-payout-number-tries = Too many tries. Wait an hour, then try again.
dev-card-title = Card checkout (sandbox)
dev-card-lead = The card sandbox's checkout page: paying sends the app a signed webhook, as Stripe would.
dev-card-pay = Pay { $amount }
dev-card-cancel = Give up
admin-money-title = Money checks
admin-reconciliation = Reconciliation
admin-books-clean = The books add up: every transaction balances, and every payment belongs to an order.
admin-unbalanced = Transaction that does not balance
admin-unknown-payment = Gateway payment with no order
admin-orphaned = Payment for an order no longer waiting for it
admin-owed = Refund that could not be paid out
admin-risk = Risk flags
admin-no-flags = Nothing flagged.
admin-disputes = Open disputes
admin-no-disputes = No open disputes.
admin-refund-amount = Back to the buyer (KES); the rest goes to the seller
admin-note = Decision (both parties read it)
admin-resolve = Settle the dispute
risk-amount-mismatch = Amount mismatch
risk-repeated-failures = Repeated failures
risk-order-burst = Burst of orders
err-date-past = Choose today or a later day.
err-date-too-far = Choose a day within a year.
err-date-before-start = Choose a day after the first one.
err-stay-too-short = That is shorter than the host's shortest stay.
err-stay-too-long = Book at most 60 nights at once.
err-nights-taken = Some of those nights are already taken. Pick other dates.
err-let-reserved = Another tenant has reserved this place.
# Limits on unpaid orders (holds).
err-hold-too-many-open = You have 5 unpaid orders open. Pay for one or cancel it before ordering more.
err-hold-open-on-listing = You already have an unpaid order for this. Pay for it or cancel it first.
err-hold-too-fast = You have placed many orders in the last hour without paying. Wait a while, or pay for one you placed.
err-hold-cooldown = Several of your orders went unpaid today, so new orders are paused for a few hours. Orders that are paid never count.
err-stay-not-rental = Only houses for rent can be let by the night.
err-min-nights-range = Enter 1 to 30 nights.
err-block-too-long = Block at most a year at once.
err-cart-empty = Your cart is empty.
err-cart-full = Your cart holds at most 50 different things.
err-cart-line-unavailable = Something in your cart is no longer for sale, or not in that quantity. Change it first.
err-refund-above-paid = That is more than the buyer paid (less earlier refunds).
err-reason-short = Say in a few words why.
err-reason-long = Keep it under 1,000 characters.
err-payout-too-small = Withdraw at least KES 100.
err-payout-above-balance = That is more than your balance.
err-payout-pending = A payout is already on its way. Wait for it first.
err-mpesa-whole-shillings = M-Pesa sends whole shillings only.
err-payment-under-way = A payment for this order is already under way.
err-card-unreachable = The card service could not be reached. Try again in a moment.
orders-filter = Show orders by state
orders-all = All
err-status-unknown = Choose one of the order states.
admin-unsent-refund = Card refund not yet accepted by the card service (retried every minute)
order-nights = { $n ->
    [one] 1 night
   *[other] { $n } nights
}

# API tokens on the account page.
tokens-title = API tokens
tokens-lead = Apps and scripts sign in with these. Each stops working on its own after 90 days; revoke one you no longer use or a device you lost.
tokens-none = You have no API tokens.
tokens-created = · made { $time }
tokens-used = · last used { $time }
tokens-never-used = · never used
tokens-expires = · expires { $time }
tokens-revoke = Revoke
notice-token-revoked = The token is revoked; it no longer works.
err-token-days-range = Choose between 1 and 365 days.

# Payment ways whose gateway is not configured on this site (never a sandbox).
order-mpesa-off = Paying by M-Pesa is not available on this site at the moment.
order-card-off = Paying by card is not available on this site at the moment.
err-mpesa-off = Paying by M-Pesa is not available on this site at the moment.
err-card-off = Paying by card is not available on this site at the moment.
money-payouts-off = Payouts to M-Pesa are not available on this site at the moment. Your balance stays here until they are.
err-payouts-off = Payouts to M-Pesa are not available on this site at the moment.

err-town-too-long = A town name is at most 80 characters.
# Mail. Each mail is a pair, `{id}-subject` and `{id}-body`, put into words
# when it is sent, in the language its recipient chose on the pages.
mail-verify-subject = Confirm your email for Dove Market
mail-verify-body =
    Hello { $name },

    Confirm your email address to finish creating your Dove Market account:

    { $link }

    The link works for 48 hours. If you did not sign up, ignore this message.

    Dove Market
mail-account-exists-subject = You already have a Dove Market account
mail-account-exists-body =
    Hello { $name },

    Someone, probably you, tried to create a new Dove Market account with this email address. You already have one.

    Sign in: { $signin }
    Forgot your password? { $forgot }

    If this was not you, you can ignore this message; your account is unchanged.

    Dove Market
mail-password-reset-subject = Reset your password for Dove Market
mail-password-reset-body =
    Hello { $name },

    Someone asked to reset the password of your Dove Market account. To choose a new password, open:

    { $link }

    The link works once, for 30 minutes. If you did not ask for this, ignore this message; your password is unchanged.

    Dove Market never asks for your password or M-Pesa PIN by phone or message.
mail-unread-subject = { $from } sent you { $count ->
        [one] a new message
       *[other] { $count } new messages
    } about { $listing }
mail-unread-body =
    Hello { $name },

    { $from } sent you { $count ->
        [one] a new message
       *[other] { $count } new messages
    } on Dove Market about "{ $listing }":

      { $message }

    Reply here: { $link }

    Never pay a deposit or any fee before you have viewed a house in person.
mail-viewing-confirmed-subject = Viewing confirmed: { $listing } on { $when }
mail-viewing-confirmed-body =
    Hello { $name },

    Your viewing of "{ $listing }" with { $other } is confirmed for { $when } (Nairobi time).
    Place: { $place }

    Add it to your calendar: { $calendar }
    The conversation: { $conversation }

    Never pay a deposit or any fee before you have viewed a house in person.
mail-viewing-reminder-subject = Reminder: viewing of { $listing } at { $when }
mail-viewing-reminder-body =
    Hello { $name },

    Your viewing of "{ $listing }" starts in { $hours } h { $minutes } min, at { $when } (Nairobi time).
    Place: { $place }

    The conversation: { $conversation }

    Never pay a deposit or any fee before you have viewed a house in person.
mail-payout-number-subject = Confirm your payout number for Dove Market
mail-payout-number-body =
    Hello { $name },

    Someone signed in to your Dove Market account asked for your payouts to go to the M-Pesa number { $phone }. To confirm, open:

    { $link }

    The link works once, for 24 hours.

    If this was not you, do not open the link: change your password at once. Your payout number stays as it is.

    Dove Market
mail-payout-number-change-subject = Confirm your payout number for Dove Market
mail-payout-number-change-body =
    Hello { $name },

    Someone signed in to your Dove Market account asked for your payouts to go to the M-Pesa number { $phone }. To confirm, open:

    { $link }

    The link works once, for 24 hours. Payouts to the new number start 24 hours after you confirm it.

    If this was not you, do not open the link: change your password at once. Your payout number stays as it is.

    Dove Market
mail-payout-sent-subject = Your payout of { $amount } is on its way
mail-payout-sent-body =
    Hello { $name },

    A payout of { $amount } from your Dove Market balance is on its way to your M-Pesa number { $phone }.

    If you did not ask for it, change your password at once and tell us.

    Dove Market
    { $link }
mail-task-due-subject = Reminder: { $task }
mail-task-due-body =
    Hello { $name },

    Your follow-up is due: { $task }
    Lead: { $buyer } about "{ $listing }"

    Open the lead: { $link }
mail-listing-expiring-subject = Your listing expires in { $days ->
        [one] 1 day
       *[other] { $days } days
    }: { $listing }
mail-listing-expiring-body =
    Hello { $name },

    Your listing "{ $listing }" comes down in { $days ->
        [one] 1 day
       *[other] { $days } days
    }. If it is still available, renew it for another 60 days:

    { $link }

    If it has been sold or rented, mark it so buyers stop asking.

    Dove Market
mail-search-alert-subject = { $count ->
        [one] New match: { $first }
       *[other] { $count } new matches for { $search }
    }
mail-search-alert-body =
    Hello { $name },

    New on Dove Market for your search { $search }:

    { $matches }
    See all results: { $results }

    Stop these alerts (one click, no sign-in): { $stop }

    Never pay before you have viewed a house or seen an item.
    Dove Market
mail-order-step-subject = Order { $order }: { $step }
mail-order-step-body =
    Hello { $name },

    Order { $order } ({ $items }, { $total }) { $step }.

    See it here: { $link }
order-step-paid-buyer = is paid: the money is held until you confirm you have it
order-step-paid-host = is paid: the booking is confirmed, and the money is held until the guest arrives
order-step-paid-seller = is paid: hand it over to the buyer
order-step-late-payment = was no longer waiting for your payment of { $amount } ({ $status }): it is being refunded to where it came from
order-step-cancelled = was cancelled by the buyer
order-step-handed-over = was handed over: confirm once you have it
order-step-completed = is complete: the money is yours
order-step-expired = expired unpaid: what it held is free for others again
order-step-refunded = was refunded { $amount }
order-step-disputed = is disputed by the buyer: an admin will look at it
order-step-settled = dispute was settled: { $amount } back to the buyer, { $rest } to the seller

## Text messages (one SMS: 160 characters with the name, title and link)
sms-lead-alert = Dove: { $name } { $how } "{ $title }". { $link }
sms-lead-phone = asked for your number about
sms-lead-viewing = asked to view
sms-lead-favourite = saved
sms-lead-message = messaged you about

## Reviews
reviews-title = Reviews
reviews-none = No reviews yet.
review-title = Review
review-title-new = Write a review
review-about = Your review of { $name }
review-of = A review of { $name }
review-score = Overall
review-cat-accuracy = Accuracy
review-cat-communication = Communication
review-cat-location = Location
review-cat-value = Value
review-cat-as_described = As described
review-cat-delivery = Delivery
review-role-buyer = Bought or stayed
review-role-seller = Seller
review-role-visitor = Viewed it
review-body = Your review (public)
review-body-hint = Up to 1,000 characters. Phone numbers and links are removed.
review-note = A private note to { $name }
review-note-hint = Only they will see it, never the public.
review-submit = Submit review
review-save = Save changes
review-blind = Your review stays hidden until { $name } writes theirs or the 14-day window closes; then both are published together. You can change it until then.
review-removed-notice = We removed a phone number or link: reviews can't carry contact details.
review-pending = Not published yet: it will be when the other side writes theirs, or on { $date } at the latest.
review-hidden = Hidden by an admin: { $reason }
review-hidden-badge = Hidden
review-private-note = Private note:
review-reply = Reply in public (once)
review-reply-by = Reply from { $name }
review-reply-submit = Post reply
review-hide = Hide this review
review-hide-reason = Reason (the author is told)
review-open = Open
review-write-cta = Review { $name }
review-edit-cta = Change your review
review-yours = Your review
review-theirs = { $name }'s review of you
review-window-until = You can review until { $date }.
rating-new = New
rating-none = No reviews yet
rating-line = { $avg } ★
rating-count = { $n ->
    [one] 1 review
   *[other] { $n } reviews
}
admin-reviews-title = Reviews
viewing-attended-q = Did the viewing take place?
viewing-attended-yes = Yes, it took place
viewing-attended-no = No
viewing-attended-said-yes = You said the viewing took place.
viewing-attended-said-no = You said the viewing did not take place.
err-review-score-missing = Choose an overall score from 1 to 5.
err-review-score-range = A score is from 1 to 5.
err-review-category-missing = Score every category from 1 to 5.
err-review-category-range = Each category is scored from 1 to 5.
err-review-category-unknown = That category is not part of this review.
err-review-body-long = Keep the review under 1,000 characters.
err-review-note-long = Keep the note under 1,000 characters.
err-review-not-yet = You can review once this is complete (for a viewing: once both of you say it took place).
err-review-window-closed = The 14 days to review this have passed.
err-review-exists = You have already reviewed this.
err-review-published = This review is published and can no longer be changed.
err-review-replied = This review already has its reply.
err-review-not-published = You can reply once the review is published.
err-review-reply-empty = Write a reply.
err-review-reply-long = Keep the reply under 1,000 characters.
err-review-hide-reason = Say why, for the author.
err-review-hide-reason-long = Keep the reason under 1,000 characters.
err-review-hidden = This review is already hidden.
err-viewing-not-yet = The viewing hasn't started yet.
err-viewing-attended-said = You have already said whether the viewing took place.
mail-review-hidden-subject = Your review of { $title } was hidden
mail-review-hidden-body =
    Hello { $name },

    An admin hid your review of "{ $title }". The reason:

    { $reason }

    Your review: { $link }
mail-review-reminder-subject = How was it? Review { $other }
mail-review-reminder-body =
    Hello { $name },

    You have { $days ->
        [one] 1 day
       *[other] { $days } days
    } left to review { $other } ("{ $title }"). Reviews stay hidden until you both have written one, so write what really happened.

    Write your review: { $link }

## Trust and safety
report-this-listing = Report this listing
report-this-user = Report this seller
report-this-review = Report this review
report-this-message = Report this message
report-reason = Why?
report-reason-scam = A scam, or asking for money before a viewing
report-reason-unavailable = Already let or sold
report-reason-wrong-price = Wrong price
report-reason-stolen-photos = Stolen photos
report-reason-offensive = Offensive
report-reason-duplicate = A duplicate
report-reason-signal-dispute = Dispute opened on an order
report-reason-signal-appeal = Appeal
report-reason-signal-copied-photo = Photo copied from another seller's listing
report-reason-signal-low-price = Price far below the area
report-detail = What happened (optional)
report-send = Send report
report-title = Report
report-thanks = Thank you. An admin will look at it; the person reported is not told who reported them.
report-back = Back
err-trust-reason-unknown = Choose a reason from the list.
err-trust-text-required = Say why, in a few words.
err-trust-text-long = Keep it under 1,000 characters.
err-trust-reports-limited = You have sent ten reports in the last hour. Try again later.
err-trust-action-unknown = Choose an action.
err-trust-not-a-listing = Only a listing's case can hide a listing.
err-trust-days-range = A suspension lasts 1 to 365 days; for longer, ban.
err-trust-case-closed = This case is closed already.
err-trust-appeal-made = You have already appealed this suspension.
trust-queue-title = Trust queue
trust-queue-empty = Nothing to look at.
trust-case-title = Case
trust-audit-title = Audit log
trust-audit-empty = No admin actions yet.
trust-subject-listing = Listing
trust-subject-user = Account
trust-subject-message = Message
trust-subject-review = Review
trust-reports-n = { $n ->
    [one] 1 report
   *[other] { $n } reports
}
trust-reports = Reports and signals
trust-raised-by-app = raised by Dove
trust-account = The account
trust-member-since = Member since
trust-reports-against = Reports against them
trust-disputes = Disputes on their orders
trust-suspended = Suspended
trust-hidden = Hidden
trust-their-listings = Their listings
trust-their-orders = Their orders
trust-conversation = The conversation
trust-open-listing = Open the listing
trust-action = What to do
trust-action-dismiss = Dismiss
trust-action-warn = Warn
trust-action-hide-listing = Hide the listing
trust-action-suspend = Suspend (days below)
trust-action-ban = Ban
trust-action-restore = Restore (lift the suspension, show the listings again)
trust-phone = Phone
trust-done-dismiss = Dismissed
trust-done-warn = Warned
trust-done-hide-listing = Listing hidden
trust-done-suspend = Suspended
trust-done-ban = Banned
trust-done-restore = Restored
trust-done-hide-review = Review hidden
phone-change = Change your phone
trust-reason = Reason (the person is told; kept in the audit log)
trust-days = Days (for a suspension)
trust-decide = Decide
trust-closed = Closed
trust-told-warn = This is a warning about
trust-told-hide-listing = We have hidden your listing
trust-told-suspend = We have suspended your account over
trust-told-ban = We have closed your account over
trust-told-restore = We have restored your account and listings after looking again at
trust-appeal-title = Appeal a suspension
trust-appeal-lead = If your account was suspended, tell us why we should look again. You can appeal once.
trust-appeal-text = Your appeal
trust-appeal-send = Send appeal
trust-appeal-sent = Your appeal is with the admins. We will write to you.
trust-appeal-invite = You can appeal once, from "Appeal a suspension".
trust-appeal-made-note = Your appeal is with the admins.
error-suspended = This account is suspended until { $until }: { $reason }.
error-banned = This account is closed: { $reason }.
mail-trust-action-subject = About your Dove Market account
mail-trust-action-body =
    Hello { $name },

    { $what }: "{ $summary }".

    The reason: { $reason }
    { $until }

    If you think this is wrong you can appeal once: { $link }

## Phone verification
phone-title = Verify your phone
phone-lead = We text a 6-digit code to your number. Buyers see "Phone verified" on your listings, and only a verified number is ever shown to them, used for SMS alerts or for payouts.
phone-number = Phone number
phone-number-hint = A Kenyan mobile number, like 0712 345 678.
phone-send = Text me a code
phone-code-sent = We sent a code to { $phone }. It works for 10 minutes.
phone-code = The 6-digit code
phone-verify = Verify
phone-send-again = Send a new code
phone-verified = Phone verified
phone-verified-done = Your phone is verified.
err-phone-not-kenyan-mobile = Enter a Kenyan mobile number, like 0712 345 678.
err-code-malformed = The code is the 6 digits we texted you.
err-code-none = Ask for a code first.
err-code-expired = That code has expired. Ask for a new one.
err-code-used-up = That code has had its 5 tries. Ask for a new one.
err-code-wrong = That is not the code we sent.
err-code-limited = Too many codes sent lately. Try again in an hour.
err-payout-phone-unverified = Verify your own phone first (Account, Verify your phone).
sms-phone-code = Dove: your code is { $code }. It expires in 10 minutes. Never share it: Dove will never ask you for it.
