/** South African names, places and businesses the demo draws from. */

/** A naming tradition: given names by sex and surnames. */
export interface NameGroup {
  male: readonly string[];
  female: readonly string[];
  surnames: readonly string[];
}

export const NAME_GROUPS = {
  english: {
    male: ['William', 'Robert', 'Michael', 'Christopher', 'Jonathan', 'Thomas', 'Daniel', 'Nicholas', 'Anthony', 'Matthew', 'Alexander', 'James', 'Richard', 'Andrew', 'David', 'Gregory', 'Stephen', 'Benjamin'],
    female: ['Elizabeth', 'Margaret', 'Jennifer', 'Katherine', 'Samantha', 'Rebecca', 'Patricia', 'Victoria', 'Jessica', 'Sarah', 'Emma', 'Caroline', 'Deborah', 'Natalie', 'Megan', 'Alison'],
    surnames: ['Smith', 'Brown', 'Jones', 'Taylor', 'Williams', 'Wilson', 'Clarke', 'Harris', 'Walker', 'Green', 'Hall', 'Thompson', 'Wright', 'Robinson', 'Edwards', 'Murray', 'Fraser', 'Campbell', "O'Brien", 'McKenzie'],
  },
  afrikaans: {
    male: ['Johannes', 'Jacobus', 'Hendrik', 'Petrus', 'Pieter', 'Willem', 'Francois', 'Gerhard', 'Christiaan', 'Stefanus', 'Andries', 'Wynand', 'Ruan', 'Dewald', 'Jaco', 'Louis'],
    female: ['Susanna', 'Gertruida', 'Elize', 'Marelize', 'Anri', 'Annelie', 'Riana', 'Charné', 'Elmarie', 'Johanna', 'Magdalena', 'Liezel', 'Carien', 'Hanlie', 'Wilna', 'Zelda'],
    surnames: ['van der Merwe', 'Botha', 'Pretorius', 'du Plessis', 'Nel', 'Venter', 'Coetzee', 'van Wyk', 'Joubert', 'Steyn', 'Kruger', 'Fourie', 'du Toit', 'van Niekerk', 'le Roux', 'Swanepoel', 'Engelbrecht', 'Smit', 'Olivier', 'Bezuidenhout'],
  },
  zulu: {
    male: ['Sibusiso', 'Bongani', 'Themba', 'Mandla', 'Sipho', 'Nkosinathi', 'Sizwe', 'Lungelo', 'Musa', 'Thulani', 'Sandile', 'Mthokozisi', 'Nhlanhla', 'Ayanda'],
    female: ['Nokuthula', 'Thandeka', 'Nomvula', 'Zanele', 'Lindiwe', 'Sibongile', 'Nonhlanhla', 'Thembeka', 'Hlengiwe', 'Zodwa', 'Khanyisile', 'Ntombi', 'Nosipho', 'Ayanda'],
    surnames: ['Dlamini', 'Ndlovu', 'Zulu', 'Mkhize', 'Khumalo', 'Ngcobo', 'Mthembu', 'Buthelezi', 'Nkosi', 'Shabalala', 'Cele', 'Zungu', 'Ntuli', 'Mchunu', 'Gumede', 'Sithole'],
  },
  xhosa: {
    male: ['Siyabonga', 'Luthando', 'Lwazi', 'Anele', 'Xolani', 'Mzwandile', 'Lulama', 'Unathi', 'Vuyani', 'Sizwe', 'Thando', 'Bulelani', 'Mlungisi'],
    female: ['Nomsa', 'Thandiwe', 'Zintle', 'Ziyanda', 'Nosipho', 'Nolwazi', 'Yonela', 'Ntombizodwa', 'Bulelwa', 'Asanda', 'Siphokazi', 'Nomonde', 'Lulama'],
    surnames: ['Mbeki', 'Sisulu', 'Ngcuka', 'Mabandla', 'Dyantyi', 'Ngqula', 'Mqhayi', 'Jara', 'Mtshali', 'Qwabe', 'Nqweniso', 'Gqirana', 'Mgudlwa', 'Tshaka', 'Makhaya'],
  },
  sotho: {
    male: ['Thabo', 'Tshepo', 'Kagiso', 'Karabo', 'Mpho', 'Lebohang', 'Teboho', 'Katlego', 'Neo', 'Tumelo', 'Kabelo', 'Lesego'],
    female: ['Lerato', 'Palesa', 'Refilwe', 'Dineo', 'Mpho', 'Boitumelo', 'Nthabiseng', 'Puleng', 'Keabetswe', 'Tshegofatso', 'Masego', 'Lesedi'],
    surnames: ['Mokoena', 'Molefe', 'Mofokeng', 'Motaung', 'Nkoane', 'Tau', 'Mahlangu', 'Maseko', 'Radebe', 'Modise', 'Moloi', 'Letsoalo', 'Sebola', 'Phiri'],
  },
  indian: {
    male: ['Suren', 'Nishan', 'Vishal', 'Kevin', 'Pravesh', 'Dinesh', 'Rajesh', 'Sanjay', 'Yashen', 'Kreshen'],
    female: ['Priya', 'Kavitha', 'Anisha', 'Sharmila', 'Verushka', 'Nirvana', 'Shantal', 'Devina', 'Keshni', 'Trisha'],
    surnames: ['Naidoo', 'Pillay', 'Govender', 'Reddy', 'Moodley', 'Singh', 'Chetty', 'Padayachee', 'Maharaj', 'Ramsamy'],
  },
  capeMalay: {
    male: ['Faiez', 'Zaid', 'Yusuf', 'Nazeem', 'Riedwaan', 'Ebrahim', 'Mogamat', 'Shafiek', 'Waleed', 'Imraan'],
    female: ['Fatima', 'Shireen', 'Aisha', 'Nadia', 'Gadija', 'Rukeya', 'Fairuz', 'Zulpha', 'Tasneem', 'Naeema'],
    surnames: ['Abrahams', 'Hendricks', 'Isaacs', 'Davids', 'Adams', 'Jacobs', 'Petersen', 'Salie', 'Jappie', 'Samuels'],
  },
} as const satisfies Record<string, NameGroup>;

export type NameGroupKey = keyof typeof NAME_GROUPS;

/** Short forms people give in one system and not in another. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  William: ['Bill', 'Will', 'Willie'],
  Robert: ['Rob', 'Bob'],
  Michael: ['Mike', 'Mick'],
  Christopher: ['Chris'],
  Jonathan: ['Jon', 'Jonny'],
  Thomas: ['Tom', 'Tommy'],
  Daniel: ['Dan', 'Danny'],
  Nicholas: ['Nick', 'Nicky'],
  Anthony: ['Tony'],
  Matthew: ['Matt'],
  Alexander: ['Alex', 'Sandy'],
  James: ['Jim', 'Jamie'],
  Richard: ['Rick', 'Dick'],
  Andrew: ['Andy', 'Drew'],
  David: ['Dave'],
  Gregory: ['Greg'],
  Stephen: ['Steve'],
  Benjamin: ['Ben'],
  Elizabeth: ['Liz', 'Beth', 'Liesl'],
  Margaret: ['Maggie', 'Meg'],
  Jennifer: ['Jenny', 'Jen'],
  Katherine: ['Kate', 'Kathy', 'Kat'],
  Samantha: ['Sam'],
  Rebecca: ['Becky'],
  Patricia: ['Pat', 'Trish'],
  Victoria: ['Vicky', 'Tori'],
  Jessica: ['Jess'],
  Caroline: ['Carol'],
  Deborah: ['Debbie', 'Deb'],
  Johannes: ['Johan', 'Hannes', 'Jan'],
  Jacobus: ['Koos', 'Kobus'],
  Hendrik: ['Henk', 'Hennie'],
  Petrus: ['Piet', 'Pieter'],
  Pieter: ['Piet'],
  Willem: ['Wim', 'Willie'],
  Christiaan: ['Christo', 'Chris'],
  Stefanus: ['Fanie', 'Stefan'],
  Andries: ['Andre', 'Dries'],
  Susanna: ['Sanna', 'Sannie', 'Susan'],
  Gertruida: ['Trudie', 'Gerda'],
  Johanna: ['Hanna', 'Jo'],
  Magdalena: ['Lena', 'Magda'],
  Sibusiso: ['Sbu'],
  Bongani: ['Bongi'],
  Nkosinathi: ['Nathi'],
  Mthokozisi: ['Mtho'],
  Nhlanhla: ['Hlanhla'],
  Nokuthula: ['Thuli'],
  Thandeka: ['Thandi'],
  Lindiwe: ['Lindi'],
  Sibongile: ['Bongi'],
  Nonhlanhla: ['Nonhle'],
  Khanyisile: ['Khanyi'],
  Siyabonga: ['Siya'],
  Mzwandile: ['Mzwa'],
  Thandiwe: ['Thandi'],
  Ntombizodwa: ['Zodwa'],
  Siphokazi: ['Kazi'],
  Boitumelo: ['Tumi'],
  Nthabiseng: ['Thabi'],
  Tshegofatso: ['Tshego'],
  Keabetswe: ['Kea'],
  Mogamat: ['Mohammed', 'Mo'],
  Riedwaan: ['Ried'],
  Verushka: ['Rushka'],
};

/** A town: its province, postcode and landline area code. */
export interface Place {
  city: string;
  region: string;
  postcode: string;
  areaCode: string;
  /** How many customers live here, relative to the others. */
  weight: number;
  /** Which naming traditions are common here, relative to each other. */
  names: Partial<Record<NameGroupKey, number>>;
}

const GP = { english: 3, afrikaans: 2, zulu: 3, xhosa: 1, sotho: 4, indian: 1 } as const;
const WC = { english: 3, afrikaans: 4, xhosa: 3, capeMalay: 3, indian: 0.3 } as const;
const KZN = { english: 3, zulu: 6, indian: 4, afrikaans: 0.5 } as const;
const EC = { english: 3, xhosa: 6, afrikaans: 2 } as const;
const INLAND = { afrikaans: 4, sotho: 4, english: 2, zulu: 1 } as const;

export const PLACES: readonly Place[] = [
  { city: 'Johannesburg', region: 'Gauteng', postcode: '2001', areaCode: '011', weight: 12, names: GP },
  { city: 'Sandton', region: 'Gauteng', postcode: '2196', areaCode: '011', weight: 6, names: GP },
  { city: 'Soweto', region: 'Gauteng', postcode: '1804', areaCode: '011', weight: 5, names: { zulu: 4, sotho: 5, xhosa: 1 } },
  { city: 'Randburg', region: 'Gauteng', postcode: '2194', areaCode: '011', weight: 4, names: GP },
  { city: 'Pretoria', region: 'Gauteng', postcode: '0002', areaCode: '012', weight: 9, names: { ...GP, afrikaans: 4 } },
  { city: 'Centurion', region: 'Gauteng', postcode: '0157', areaCode: '012', weight: 4, names: { ...GP, afrikaans: 4 } },
  { city: 'Benoni', region: 'Gauteng', postcode: '1501', areaCode: '011', weight: 2, names: GP },
  { city: 'Cape Town', region: 'Western Cape', postcode: '8001', areaCode: '021', weight: 12, names: WC },
  { city: 'Bellville', region: 'Western Cape', postcode: '7530', areaCode: '021', weight: 4, names: WC },
  { city: 'Stellenbosch', region: 'Western Cape', postcode: '7600', areaCode: '021', weight: 3, names: { ...WC, afrikaans: 6 } },
  { city: 'Paarl', region: 'Western Cape', postcode: '7646', areaCode: '021', weight: 2, names: { ...WC, afrikaans: 6 } },
  { city: 'Somerset West', region: 'Western Cape', postcode: '7130', areaCode: '021', weight: 2, names: WC },
  { city: 'George', region: 'Western Cape', postcode: '6529', areaCode: '044', weight: 2, names: { ...WC, afrikaans: 6 } },
  { city: 'Durban', region: 'KwaZulu-Natal', postcode: '4001', areaCode: '031', weight: 9, names: KZN },
  { city: 'Umhlanga', region: 'KwaZulu-Natal', postcode: '4319', areaCode: '031', weight: 3, names: KZN },
  { city: 'Pietermaritzburg', region: 'KwaZulu-Natal', postcode: '3201', areaCode: '033', weight: 3, names: KZN },
  { city: 'Ballito', region: 'KwaZulu-Natal', postcode: '4420', areaCode: '032', weight: 1, names: KZN },
  { city: 'Gqeberha', region: 'Eastern Cape', postcode: '6001', areaCode: '041', weight: 4, names: EC },
  { city: 'East London', region: 'Eastern Cape', postcode: '5201', areaCode: '043', weight: 2, names: EC },
  { city: 'Makhanda', region: 'Eastern Cape', postcode: '6139', areaCode: '046', weight: 1, names: EC },
  { city: 'Bloemfontein', region: 'Free State', postcode: '9301', areaCode: '051', weight: 3, names: INLAND },
  { city: 'Polokwane', region: 'Limpopo', postcode: '0699', areaCode: '015', weight: 2, names: { sotho: 6, english: 1, afrikaans: 2 } },
  { city: 'Mbombela', region: 'Mpumalanga', postcode: '1200', areaCode: '013', weight: 2, names: { ...INLAND, zulu: 3 } },
  { city: 'Rustenburg', region: 'North West', postcode: '0299', areaCode: '014', weight: 1, names: INLAND },
  { city: 'Potchefstroom', region: 'North West', postcode: '2531', areaCode: '018', weight: 1, names: INLAND },
  { city: 'Kimberley', region: 'Northern Cape', postcode: '8301', areaCode: '053', weight: 1, names: INLAND },
];

export const STREET_NAMES = [
  'Main', 'Church', 'Voortrekker', 'Jan Smuts', 'Nelson Mandela', 'Oxford', 'Long', 'Loop', 'Bree', 'Kloof', 'Beach',
  'Rivonia', 'Louis Botha', 'Dorp', 'Plein', 'Vilakazi', 'Albertina Sisulu', 'Walter Sisulu', 'Steve Biko', 'Protea',
  'Jacaranda', 'Acacia', 'Marula', 'Disa', 'Fynbos', 'Kiepersol', 'Milnerton', 'Victoria', 'Queen', 'Hill', 'Station',
  'Umgeni', 'Florida', 'Beyers Naudé', 'Solomon Mahlangu', 'Hendrik Verwoerd', 'Witkoppen', 'Main Reef',
];
export const STREET_TYPES = ['Street', 'Road', 'Avenue', 'Crescent', 'Drive', 'Lane', 'Close', 'Way'];

/** Mobile prefixes in use in South Africa. */
export const MOBILE_PREFIXES = ['060', '061', '063', '064', '066', '071', '072', '073', '074', '076', '078', '079', '081', '082', '083', '084'];

/** Free-mail providers, on the reserved .example domain so no demo message can reach a real person. */
export const FREE_MAIL = ['gmail.example', 'outlook.example', 'icloud.example', 'yahoo.example', 'mweb.example', 'webmail.example', 'telkomsa.example', 'vodamail.example'];

export const INDUSTRIES = ['Retail', 'Mining', 'Financial services', 'Tourism', 'Logistics', 'Agriculture', 'Education', 'Healthcare', 'Hospitality', 'Construction', 'IT', 'Manufacturing', 'Security', 'Media'];

export const COMPANY_WORDS = ['Protea', 'Baobab', 'Karoo', 'Highveld', 'Umoya', 'Ubuntu', 'Springbok', 'Table Mountain', 'Drakensberg', 'Limpopo', 'Kalahari', 'Zambezi', 'Cederberg', 'Boland', 'Lowveld', 'Indlovu', 'Ithemba', 'Sondela', 'Vukani', 'Mzansi', 'Bushveld', 'Garden Route', 'Amanzi', 'Sunbird', 'Impala', 'Kudu', 'Fish Eagle'];
export const COMPANY_SUFFIXES = ['Logistics', 'Holdings', 'Trading', 'Consulting', 'Security', 'Couriers', 'Engineering', 'Tours', 'Farms', 'Foods', 'Properties', 'Media', 'Mining Supplies', 'Medical', 'Construction'];
export const LEGAL_FORMS = ['(Pty) Ltd', 'Pty Ltd', 'CC', '(Pty) Ltd', 'Ltd', 'Inc.'];
export const GOVERNMENT_BODIES = ['City of Cape Town Metro Police', 'City of Johannesburg Parks', 'eThekwini Municipality', 'SANParks', 'Gauteng Department of Health', 'Tshwane Metro Police', 'Nelson Mandela Bay Municipality', 'Western Cape Education Department', 'CapeNature', 'Ezemvelo KZN Wildlife'];
export const NON_PROFITS = ['Pedal Power Association', 'Qhubeka', 'Bicycle Empowerment Network', 'Soweto Cycling Club', 'Durban Velo Club', 'Karoo Riders Trust', 'Khayelitsha Cycling Club', 'Girls on Bikes SA', 'Ubuntu Pathways', 'Stellenbosch Mountain Bike Club'];
export const RESELLERS = ['Cycle Lab', 'Bike Addict', 'Pedal Pushers', 'Wheel Works', 'Chain Reaction', 'Trail Tech', 'Spoke & Sprocket', 'Gear Up', 'Velo Vault', 'Rolling Hills Cycles'];

export const ACCOUNT_MANAGERS = ['Naledi Mokoena', 'Pieter Botha', 'Aisha Davids', 'Sanjay Naidoo', 'Thandi Khumalo', 'Mark Fraser'];
export const SHOP_STAFF = ['Naledi', 'Pieter', 'Aisha', 'Sanjay', 'Thandi', 'Mark', 'Lwazi', 'Elize', 'Kagiso'];
